// What a team would pick instead: Socket.IO 4 with rooms. Widgets join the site's room, an agent's
// devices join the agent's room; a status.set event emits to the agent's other devices and to the
// site room (Socket.IO encodes a room broadcast once), then acknowledges.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { memorySample, serveIpc } from './lib/ipc.js';

interface Options { widgetBytes: number; statusBytes: number; welcomeBytes: number; heartbeatMs?: number }

/** An object whose Socket.IO packet is about `bytes` long, like our JSON frame. */
function padded(fields: Record<string, unknown>, bytes: number, event: string): Record<string, unknown> {
  const overhead = `42["${event}",]`.length + JSON.stringify({ ...fields, pad: '' }).length;
  return { ...fields, pad: 'x'.repeat(Math.max(0, bytes - overhead)) };
}

function startServer(o: Options): Promise<number> {
  const payload = {
    widget: [false, true].map((online) => padded({ type: 'chatBox.status', online }, o.widgetBytes, 'chatBox.status')),
    status: [false, true].map((online) => padded({ type: 'status', status: online ? 'online' : 'offline' }, o.statusBytes, 'status')),
    welcome: padded({ type: 'welcome' }, o.welcomeBytes, 'welcome'),
  };
  let online = false;
  const http = createServer((_, res) => res.writeHead(404).end());
  const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false, maxHttpBufferSize: 16 * 1024, ...(o.heartbeatMs ? { pingInterval: o.heartbeatMs } : {}) });
  io.on('connection', (socket) => {
    if (socket.handshake.query.role === 'agent') {
      let key: string | null = null;
      socket.on('hello', (m: { token: string }, ack?: (w: unknown) => void) => {
        key = `agent:${m.token}`;
        void socket.join(key);
        ack?.(payload.welcome);
      });
      socket.on('status.set', (m: { status: string; seq: number }, ack?: (a: unknown) => void) => {
        online = m.status === 'online';
        if (key) socket.to(key).emit('status', payload.status[Number(online)]);
        io.to('site').emit('chatBox.status', payload.widget[Number(online)]);
        ack?.({ type: 'ack', seq: m.seq, version: 0 });
      });
      return;
    }
    void socket.join('site');
    socket.emit('chatBox.status', payload.widget[Number(online)]);
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
}

serveIpc({
  start: async (o: Options) => ({ port: await startServer(o), pid: process.pid }),
  mem: () => memorySample(),
  cpu: () => process.cpuUsage(),
});
