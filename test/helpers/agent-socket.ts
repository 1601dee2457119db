// A raw agent socket speaking protocol v1, for tests that must see exact frames and close codes.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerMessage, Status } from '../../src/common/protocol.js';

export interface RawAgent {
  ws: WebSocket;
  deviceId: string;
  messages: ServerMessage[];
  next<T extends ServerMessage['type']>(type: T, pred?: (m: Extract<ServerMessage, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<ServerMessage, { type: T }>>;
  send(message: unknown): void;
  setStatus(status: Status, seq?: number): Promise<Extract<ServerMessage, { type: 'ack' }>>;
  bye(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

let seqCounter = 1;

export function openAgentSocket(wsUrl: string): { ws: WebSocket; opened: Promise<void> } {
  const ws = new WebSocket(`${wsUrl}/ws/agent`);
  return { ws, opened: new Promise((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); }) };
}

/** Connects, says hello and waits for welcome (or rejects with the close code). */
export async function connectAgent(wsUrl: string, token: string, opts: { deviceId?: string; kind?: 'desktop' | 'web' | 'cli' | 'mobile'; hello?: boolean } = {}): Promise<RawAgent> {
  const { ws, opened } = openAgentSocket(wsUrl);
  const deviceId = opts.deviceId ?? `dev-${randomBytes(6).toString('hex')}`;
  const messages: ServerMessage[] = [];
  const waiters: { type: string; pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  const consumed = new Set<ServerMessage>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.type === m.type && w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); consumed.add(m); w.resolve(m); }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const agent: RawAgent = {
    ws, deviceId, messages, closed,
    next(type, pred = () => true, timeoutMs = 5000) {
      const found = messages.find((m) => m.type === type && !consumed.has(m) && pred(m as never));
      if (found) { consumed.add(found); return Promise.resolve(found as never); }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`agent ${deviceId}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async setStatus(status, seq = seqCounter++) {
      agent.send({ type: 'status.set', status, reason: 'manual', seq });
      return agent.next('ack', (m) => m.seq === seq);
    },
    async bye() {
      agent.send({ type: 'bye' });
      ws.close(1000);
      await closed;
    },
  };
  await opened;
  if (opts.hello === false) return agent;
  agent.send({ type: 'hello', token, device: { id: deviceId, kind: opts.kind ?? 'desktop', name: 'test' }, protocol: 1 });
  const welcome = agent.next('welcome');
  const outcome = await Promise.race([welcome.then(() => null), closed]);
  if (outcome) throw Object.assign(new Error(`closed ${outcome.code} ${outcome.reason}`), { code: outcome.code });
  return agent;
}
