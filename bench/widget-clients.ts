// A load-generator process holding many widget sockets (ours, bare ws or Socket.IO). It records
// the receive time of every message by index (0 = the snapshot sent on connect, i = the i-th
// change) and tells the orchestrator when every socket it holds has message i.
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { fullJitterDelay } from '../src/common/backoff.js';
import { now } from './lib/common.js';
import { emit, serveIpc } from './lib/ipc.js';

export type TargetKind = 'ours' | 'ws' | 'sio';

export interface ConnectOptions {
  kind: TargetKind;
  /** ws://host:port/ws/widget?site=… for ours and ws; http://host:port for Socket.IO. */
  url: string;
  /** One URL per socket instead of `url` (storm observers: one site each). */
  urls?: string[];
  n: number;
  localAddress?: string;
  concurrency?: number;
  /** Storm observers: parse each message, count offline ones, reconnect with full jitter. */
  observe?: boolean;
  /** Page-load storm: at most this many new sockets per second from this process (default: no pacing). */
  ratePerSec?: number;
}

/** Steady churn: visitors that open a widget, get its status and leave (close 1001), at a rate. */
export interface ChurnOptions { kind: TargetKind; url: string; ratePerSec: number; durationMs: number; localAddress?: string }

interface Conn { close(): void; alive: boolean }

const conns: Conn[] = [];
let times: (Float64Array | undefined)[] = [];
let counts: number[] = [];
let firstBytes = 0;
let offlineSeen = 0;
const offlineAt: number[] = [];
let reconnects = 0;
let openNow = 0;

function record(index: number, t: number): void {
  const total = conns.length;
  let arr = times[index];
  if (!arr) times[index] = arr = new Float64Array(total).fill(NaN);
  const c = (counts[index] ?? 0) + 1;
  counts[index] = c;
  arr[c - 1] = t;
  if (c === total) emit('all', index);
}

function observeMessage(text: string, t: number): void {
  // Storm observers: an offline chat box inside the grace window is a flap.
  if ((JSON.parse(text) as { online?: boolean }).online === false) { offlineSeen++; offlineAt.push(t); }
}

function openWs(o: ConnectOptions, url: string, onFirst: () => void, onFail: (e: Error) => void): Conn {
  const conn: Conn = { alive: true, close: () => undefined };
  let attempt = 0;
  let first = true;
  const dial = (): void => {
    const ws = new WebSocket(url, { localAddress: o.localAddress, perMessageDeflate: false });
    let index = 0;
    conn.close = () => { conn.alive = false; ws.terminate(); };
    let opened = false;
    ws.on('open', () => { opened = true; openNow++; });
    ws.on('message', (data: Buffer) => {
      const t = now();
      if (o.observe) {
        observeMessage(String(data), t);
        attempt = 0;
      } else {
        record(index++, t);
      }
      if (first) { first = false; firstBytes ||= data.length; onFirst(); }
    });
    ws.on('error', (err) => { if (first && !o.observe) onFail(err); });
    ws.on('close', () => {
      if (opened) openNow--;
      if (!o.observe || !conn.alive) return;
      reconnects++;
      setTimeout(dial, fullJitterDelay(attempt++, Math.random));
    });
  };
  dial();
  return conn;
}

function openSio(o: ConnectOptions, onFirst: () => void, onFail: (e: Error) => void): Conn {
  const socket: Socket = io(o.url, { transports: ['websocket'], forceNew: true, reconnection: false, query: { role: 'widget' }, localAddress: o.localAddress } as never);
  let index = 0;
  let first = true;
  socket.on('chatBox.status', () => {
    record(index++, now());
    if (first) { first = false; onFirst(); }
  });
  socket.on('connect_error', (err) => { if (first) onFail(err); });
  return { alive: true, close: () => socket.disconnect() };
}

async function connect(o: ConnectOptions): Promise<{ connected: number; firstBytes: number; elapsedMs: number; connectMs: number[] }> {
  const concurrency = o.concurrency ?? 200;
  let started = 0;
  let done = 0;
  const t0 = now();
  // Paced (a page-load storm): socket k may start at t0 + k / rate, never earlier.
  const notBefore = (k: number): number => (o.ratePerSec ? t0 + (k * 1000) / o.ratePerSec : t0);
  const connectMs: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve, reject) => {
    const launch = (): void => {
      while (started < o.n && started - done < concurrency && now() >= notBefore(started)) {
        started++;
        const dialedAt = now();
        const onFirst = (): void => { connectMs.push(now() - dialedAt); done++; if (done === o.n) resolve(); else launch(); };
        const url = o.urls?.[started - 1] ?? o.url;
        conns.push(o.kind === 'sio' ? openSio(o, onFirst, reject) : openWs(o, url, onFirst, reject));
      }
    };
    if (o.ratePerSec) timer = setInterval(launch, 5);
    launch();
  }).finally(() => clearInterval(timer));
  return { connected: conns.length, firstBytes, elapsedMs: now() - t0, connectMs };
}

/** Opens `ratePerSec` sockets a second for `durationMs`; each closes (1001) once it has its status. */
async function churn(o: ChurnOptions): Promise<{ opened: number; completed: number; failed: number }> {
  let opened = 0;
  let completed = 0;
  let failed = 0;
  const t0 = now();
  await new Promise<void>((resolve) => {
    const settle = (): void => { if (now() - t0 >= o.durationMs && completed + failed === opened) { clearInterval(timer); resolve(); } };
    const timer = setInterval(() => {
      const due = Math.min(Math.floor(((now() - t0) * o.ratePerSec) / 1000), Math.floor((o.durationMs * o.ratePerSec) / 1000));
      while (opened < due) {
        opened++;
        let done = false;
        const finish = (ok: boolean): void => { if (done) return; done = true; if (ok) completed++; else failed++; };
        if (o.kind === 'sio') {
          const socket: Socket = io(o.url, { transports: ['websocket'], forceNew: true, reconnection: false, query: { role: 'widget' }, localAddress: o.localAddress } as never);
          socket.once('chatBox.status', () => { socket.disconnect(); finish(true); });
          socket.once('connect_error', () => finish(false));
          continue;
        }
        const ws = new WebSocket(o.url, { localAddress: o.localAddress, perMessageDeflate: false });
        let got = false;
        ws.once('message', () => { got = true; ws.close(1001); });
        ws.once('close', () => finish(got));
        ws.once('error', () => finish(false));
      }
      settle();
    }, 5);
  });
  return { opened, completed, failed };
}

serveIpc({
  connect,
  churn,
  /** Receive times of message `index`, one per socket that has it. */
  times: (index: number) => (times[index] ?? new Float64Array(0)).subarray(0, counts[index] ?? 0),
  counts: () => ({ sockets: conns.length, perIndex: counts }),
  observed: () => ({ offlineSeen, offlineAt, reconnects, sockets: conns.length, openNow }),
  reset() { times = []; counts = []; },
  close() {
    for (const c of conns.splice(0)) c.close();
    times = [];
    counts = [];
  },
});
