// The floor: a bare `ws` server that does nothing but what a presence fan-out must do. A
// "status.set"-like frame from a driver socket makes it send pre-serialized bytes (the same size
// as our chatBox.status frame) to every widget socket, then a small status frame to the driver's
// other devices, then an ack. No store, no validation, no presence rules.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { memorySample, serveIpc } from './lib/ipc.js';

/** A JSON text of exactly `bytes` bytes that looks like the frame it stands in for. */
export function paddedJson(fields: Record<string, unknown>, bytes: number): Buffer {
  const bare = JSON.stringify({ ...fields, pad: '' });
  return Buffer.from(JSON.stringify({ ...fields, pad: 'x'.repeat(Math.max(0, bytes - bare.length)) }));
}

interface Options { widgetBytes: number; statusBytes: number; welcomeBytes: number; heartbeatMs?: number }

/** The floor's heartbeat, when asked for: ping every socket each interval, drop the silent ones. */
function startHeartbeat(sockets: Set<WebSocket>, intervalMs: number): (ws: WebSocket) => void {
  const awaiting = new WeakSet<WebSocket>();
  setInterval(() => {
    for (const ws of sockets) {
      if (awaiting.has(ws)) { ws.terminate(); continue; }
      awaiting.add(ws);
      ws.ping();
    }
  }, intervalMs).unref();
  return (ws) => ws.on('pong', () => awaiting.delete(ws));
}

function startServer(o: Options): Promise<number> {
  const frames = {
    widget: [false, true].map((online) => paddedJson({ type: 'chatBox.status', online }, o.widgetBytes)),
    status: [false, true].map((online) => paddedJson({ type: 'status', status: online ? 'online' : 'offline' }, o.statusBytes)),
    welcome: paddedJson({ type: 'welcome' }, o.welcomeBytes),
  };
  let online = false;
  const widgets = new Set<WebSocket>();
  const track = o.heartbeatMs ? startHeartbeat(widgets, o.heartbeatMs) : null;
  const devices = new Map<string, Set<WebSocket>>();
  const http = createServer((_, res) => res.writeHead(404).end());
  const widgetWss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 });
  const agentWss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ws/widget') widgetWss.handleUpgrade(req, socket, head, (ws) => {
      widgets.add(ws);
      track?.(ws);
      ws.on('close', () => widgets.delete(ws));
      ws.send(frames.widget[Number(online)]!);
    });
    else if (path === '/ws/agent') agentWss.handleUpgrade(req, socket, head, (ws) => {
      let key: string | null = null;
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; token?: string; status?: string; seq?: number };
        if (key === null) {
          key = m.token ?? '';
          let set = devices.get(key);
          if (!set) devices.set(key, (set = new Set()));
          set.add(ws);
          ws.on('close', () => set.delete(ws));
          ws.send(frames.welcome);
          return;
        }
        if (m.type !== 'status.set') return;
        online = m.status === 'online';
        for (const other of devices.get(key) ?? []) if (other !== ws) other.send(frames.status[Number(online)]!);
        const frame = frames.widget[Number(online)]!;
        for (const w of widgets) w.send(frame);
        ws.send(JSON.stringify({ type: 'ack', seq: m.seq, version: 0 }));
      });
    });
    else socket.destroy();
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
}

serveIpc({
  start: async (o: Options) => ({ port: await startServer(o), pid: process.pid }),
  mem: () => memorySample(),
  cpu: () => process.cpuUsage(),
});
