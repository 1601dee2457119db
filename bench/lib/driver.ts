// An agent device in the orchestrator process: sends status.set, waits for the ack, and records
// when `status` frames (the agent's own status, pushed to its other devices) arrive.
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { now, withTimeout } from './common.js';
import type { Target } from './targets.js';

export interface AgentDevice {
  /** Sends status.set; resolves with the send time once acknowledged. */
  setStatus(status: 'online' | 'away' | 'offline'): { sentAt: number; acked: Promise<void> };
  /** Receive times of `status` frames (own status changed elsewhere). */
  statusTimes: number[];
  /** Bytes of the last frames seen, by type, to size the baselines' payloads. */
  bytes: Record<string, number>;
  close(): Promise<void>;
}

let seq = 1;

export async function openDevice(target: Target, token: string, deviceId: string): Promise<AgentDevice> {
  const statusTimes: number[] = [];
  const bytes: Record<string, number> = {};
  const acks = new Map<number, () => void>();
  if (target.kind === 'sio') {
    const socket: Socket = io(target.httpUrl, { transports: ['websocket'], forceNew: true, reconnection: false, query: { role: 'agent' } });
    socket.on('status', () => statusTimes.push(now()));
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.on('connect', () => socket.emit('hello', { token, device: { id: deviceId, kind: 'desktop', name: 'bench' }, protocol: 1 }, () => resolve()));
      socket.on('connect_error', reject);
    }), 10_000, 'socket.io agent welcome');
    return {
      statusTimes, bytes,
      setStatus(status) {
        const s = seq++;
        const sentAt = now();
        const acked = new Promise<void>((resolve) => socket.emit('status.set', { type: 'status.set', status, reason: 'manual', seq: s }, () => resolve()));
        return { sentAt, acked };
      },
      close: async () => { socket.disconnect(); },
    };
  }
  const ws = new WebSocket(`${target.wsUrl}/ws/agent`, { perMessageDeflate: false });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const welcome = new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const t = now();
      const m = JSON.parse(String(data)) as { type: string; seq?: number };
      bytes[m.type] = data.length;
      if (m.type === 'welcome') resolve();
      else if (m.type === 'status') statusTimes.push(t);
      else if (m.type === 'ack') { acks.get(m.seq!)?.(); acks.delete(m.seq!); }
      else if (m.type === 'error') reject(new Error(`status.set failed: ${String(data)}`));
    });
    ws.once('close', (code) => reject(new Error(`agent socket closed ${code} before welcome`)));
    ws.once('error', reject);
  });
  await withTimeout(new Promise<void>((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 10_000, 'agent socket open');
  ws.send(JSON.stringify({ type: 'hello', token, device: { id: deviceId, kind: 'desktop', name: 'bench' }, protocol: 1 }));
  await withTimeout(welcome, 10_000, 'agent welcome');
  return {
    statusTimes, bytes,
    setStatus(status) {
      const s = seq++;
      const acked = new Promise<void>((resolve) => acks.set(s, resolve));
      const sentAt = now();
      ws.send(JSON.stringify({ type: 'status.set', status, reason: 'manual', seq: s }));
      return { sentAt, acked };
    },
    async close() {
      // A clean goodbye: the server removes this device without a grace window.
      if (ws.readyState === ws.OPEN) { ws.send(JSON.stringify({ type: 'bye' })); ws.close(1000); }
      await withTimeout(closed, 5_000, 'agent close').catch(() => ws.terminate());
    },
  };
}

/**
 * A device that replaces itself every `every` changes: the server allows 20 status.set per 10 s
 * per socket (SPEC 4.1.6), and a benchmark flips faster than a person. The new device connects
 * before the old one says bye, so the agent never has zero devices (no extra broadcast).
 */
export class RotatingDriver {
  private count = 0;
  private n = 0;
  private constructor(private readonly target: Target, private readonly token: string, private device: AgentDevice, private readonly every: number) {}

  static async open(target: Target, token: string, every = 15): Promise<RotatingDriver> {
    return new RotatingDriver(target, token, await openDevice(target, token, `driver-${process.pid}-0`), every);
  }

  get current(): AgentDevice { return this.device; }

  async setStatus(status: 'online' | 'offline'): Promise<{ sentAt: number; acked: Promise<void> }> {
    if (this.count >= this.every) {
      const next = await openDevice(this.target, this.token, `driver-${process.pid}-${++this.n}`);
      await this.device.close();
      this.device = next;
      this.count = 0;
    }
    this.count++;
    return this.device.setStatus(status);
  }

  close(): Promise<void> {
    return this.device.close();
  }
}

/**
 * Several agents of one account taking turns, one device each: change i (1-based) comes from
 * agent ⌊(i − 1) / 2⌋ mod K, so each agent goes online and back offline while the others stay
 * offline, and every change still flips what visitors see. The status limit is one per agent
 * across its sockets (20 per 10 s, issue 19), so one agent cannot drive a benchmark's changes.
 */
export class TurnTakingDriver {
  private count = 0;
  private constructor(private readonly devices: AgentDevice[]) {}

  static async open(target: Target, tokens: string[]): Promise<TurnTakingDriver> {
    return new TurnTakingDriver(await Promise.all(tokens.map((t, i) => openDevice(target, t, `driver-${process.pid}-${i}`))));
  }

  async setStatus(status: 'online' | 'offline'): Promise<{ sentAt: number; acked: Promise<void> }> {
    const device = this.devices[Math.floor(this.count / 2) % this.devices.length]!;
    this.count++;
    return device.setStatus(status);
  }

  async close(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.close()));
  }
}
