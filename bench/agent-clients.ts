// A load-generator process holding many agent connections: either raw idle sockets (hello,
// welcome, then silence: the memory benchmark) or real PresenceClient instances from the client
// core (the reconnect storm: the same backoff and hello the tray app uses).
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { PresenceClient, type WebSocketConstructor } from '../src/client/presence-client.js';
import { now } from './lib/common.js';
import { serveIpc } from './lib/ipc.js';
import type { TargetKind } from './widget-clients.js';

interface RawOptions { kind: TargetKind; url: string; tokens: string[]; localAddress?: string; concurrency?: number }

const closers: (() => void)[] = [];
const clients: PresenceClient[] = [];
let connected = 0;
let lastConnectedAt = 0;
let drops = 0;

function rawAgent(o: RawOptions, token: string, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (o.kind === 'sio') {
      const socket: Socket = io(o.url, { transports: ['websocket'], forceNew: true, reconnection: false, query: { role: 'agent' }, localAddress: o.localAddress } as never);
      closers.push(() => socket.disconnect());
      socket.on('connect', () => socket.emit('hello', { token, device: { id: `bench-${process.pid}-${i}`, kind: 'desktop', name: 'bench' }, protocol: 1 }, () => resolve()));
      socket.on('connect_error', reject);
      return;
    }
    const ws = new WebSocket(`${o.url}/ws/agent`, { localAddress: o.localAddress, perMessageDeflate: false });
    closers.push(() => ws.terminate());
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token, device: { id: `bench-${process.pid}-${i}`, kind: 'desktop', name: 'bench' }, protocol: 1 })));
    ws.once('message', () => resolve());
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`agent socket closed ${code} before welcome`)));
  });
}

async function raw(o: RawOptions): Promise<{ connected: number }> {
  const concurrency = o.concurrency ?? 100;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.tokens.length) {
      const i = next++;
      await rawAgent(o, o.tokens[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { connected: o.tokens.length };
}

/** Real client cores, one per token; resolves when every one has its welcome. */
async function start(o: { serverUrl: string; tokens: string[]; localAddress?: string }): Promise<{ connected: number }> {
  const local = o.localAddress;
  class LocalWebSocket extends WebSocket {
    constructor(url: string) { super(url, { localAddress: local, perMessageDeflate: false }); }
  }
  await Promise.all(o.tokens.map(async (token, i) => {
    const client = new PresenceClient({
      serverUrl: o.serverUrl, WebSocket: LocalWebSocket as unknown as WebSocketConstructor, fetch,
      credentials: { load: async () => ({ token, deviceId: `storm-${process.pid}-${i}` }), save: async () => undefined },
      device: { kind: 'desktop', name: 'bench' },
    });
    clients.push(client);
    let was = 'signedOut';
    client.subscribe((s) => {
      if (s.connection === was) return;
      if (s.connection === 'connected') { connected++; lastConnectedAt = now(); }
      else if (was === 'connected') { connected--; drops++; }
      was = s.connection;
    });
    await client.start();
    await client.waitFor((s) => s.connection === 'connected', 120_000);
  }));
  return { connected };
}

serveIpc({
  raw,
  start,
  status: () => ({ connected, total: clients.length, lastConnectedAt, drops, errors: clients.filter((c) => c.getSnapshot().connection === 'signedOut').length }),
  close() {
    for (const c of closers.splice(0)) c();
    for (const c of clients.splice(0)) c.stop();
    connected = 0;
  },
});
