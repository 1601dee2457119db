// Per-socket helpers shared by the agent and widget gateways: bounded sends (slow readers are
// dropped past 1 MiB of unsent data) and a heartbeat sweep with one timer for all sockets.
import type { WebSocket } from 'ws';
import { LIMITS } from '../../common/protocol.js';

const PING_SLICE = 500;

/** One received WebSocket message as ws delivers it. */
export interface Frame {
  data: Buffer | ArrayBuffer | Buffer[];
  isBinary: boolean;
}

/** A text frame's JSON, or not ok (binary, not UTF-8 JSON). */
export function parseFrame({ data, isBinary }: Frame): { ok: true; value: unknown } | { ok: false } {
  if (isBinary) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export interface Tracked {
  ws: WebSocket;
  awaitingPong: boolean;
  /** Called when the socket is dropped as dead or slow, before terminate. */
  onDrop?: () => void;
}

export function safeSend(ws: WebSocket, data: string | Buffer): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > LIMITS.maxBufferedBytes) {
    // A reader this slow would make the server hold unbounded memory for it.
    ws.terminate();
    return;
  }
  // binary: false keeps Buffers text frames; a pre-encoded Buffer skips per-socket UTF-8 work.
  ws.send(data, { binary: false });
}

/** A close reason must fit a control frame (123 bytes of UTF-8), or ws throws from close(). */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  // Never end on half of a surrogate pair, which would not encode as UTF-8.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`.slice(0, 121);
}

export function safeClose(ws: WebSocket, code: number, reason: string): void {
  // Reasons can quote client input (an unknown type, a protocol number), so bound them here.
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, closeReason(reason));
}

const kTracked = Symbol('heartbeat entry');
type TrackedSocket = WebSocket & { [kTracked]?: Tracked };

function onPong(this: TrackedSocket): void {
  const tracked = this[kTracked];
  if (tracked) tracked.awaitingPong = false;
}

function untracker(sockets: Set<Tracked>): (this: TrackedSocket) => void {
  return function untrack() {
    const tracked = this[kTracked];
    if (tracked) sockets.delete(tracked);
  };
}

/**
 * Sends a ping frame to every socket every `intervalMs`, and drops those that did not answer
 * within `pongTimeoutMs`: dead-peer detection within intervalMs + pongTimeoutMs (≤ 35 s).
 */
export class Heartbeat {
  private readonly sockets = new Set<Tracked>();
  private interval: ReturnType<typeof setInterval> | null = null;
  private check: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly intervalMs: number, private readonly pongTimeoutMs: number = LIMITS.pongTimeoutMs) {}

  start(): void {
    this.interval = setInterval(() => this.sweep(), this.intervalMs);
    this.interval.unref();
  }

  add(ws: WebSocket): Tracked {
    const tracked: Tracked = { ws, awaitingPong: false };
    // Shared listener functions, the entry on the socket: no closures per socket (page-load storms).
    (ws as TrackedSocket)[kTracked] = tracked;
    ws.on('pong', onPong);
    this.sockets.add(tracked);
    ws.on('close', this.untrack);
    return tracked;
  }

  /** Every tracked socket's 'close' listener (`this` is the socket; ws emits 'close' once). */
  private readonly untrack = untracker(this.sockets);

  private sweep(): void {
    // Ping in slices, yielding between them, so a status broadcast never waits behind 10k pings.
    const batch = [...this.sockets];
    const slice = (from: number): void => {
      for (let i = from; i < Math.min(from + PING_SLICE, batch.length); i++) {
        const t = batch[i]!;
        t.awaitingPong = true;
        try { t.ws.ping(); } catch { /* closing socket */ }
      }
      if (from + PING_SLICE < batch.length) setImmediate(() => slice(from + PING_SLICE));
    };
    slice(0);
    if (this.check) clearTimeout(this.check);
    this.check = setTimeout(() => {
      for (const t of this.sockets) if (t.awaitingPong) { t.onDrop?.(); t.ws.terminate(); }
    }, Math.min(this.pongTimeoutMs, this.intervalMs));
    this.check.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.check) clearTimeout(this.check);
  }
}
