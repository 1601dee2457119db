// One agent socket from open to close: hello, welcome, message parsing and liveness. The owner
// (PresenceClient) creates a new AgentConnection per attempt; once closed, an instance never calls
// back again, so a late event from an old socket can never disturb the current one.
import type { Clock, TimerHandle } from '../common/clock.js';
import { CloseCode, serverMessageSchema, type ClientMessage, type Hello, type ServerMessage, type Welcome } from '../common/protocol.js';
import { TIMINGS } from '../common/timings.js';
import { Heartbeat } from './heartbeat.js';
import type { PingMode, WebSocketConstructor, WebSocketLike } from './types.js';

export interface ConnectionEvents {
  welcome(w: Welcome): void;
  message(m: Exclude<ServerMessage, Welcome>): void;
  /** Called at most once, only for closes this side did not ask for. `code` is undefined for a silent or never-opened socket. */
  lost(code: number | undefined, reason: string): void;
}

export interface ConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  clock: Clock;
  hello: Hello;
  pingMode: PingMode;
  silenceMarginMs: number;
  connectTimeoutMs: number;
  events: ConnectionEvents;
}

const OPEN = 1;

export class AgentConnection {
  private readonly ws: WebSocketLike | null = null;
  private heartbeat: Heartbeat | null = null;
  private connectTimer: TimerHandle | null;
  private done = false;
  private closedWaiters: Array<() => void> = [];
  private socketClosed = false;
  welcomed = false;

  constructor(private readonly o: ConnectionOptions) {
    this.connectTimer = o.clock.setTimeout(() => this.lose(undefined, 'no welcome in time'), o.connectTimeoutMs);
    try {
      this.ws = new o.WebSocket(o.url);
    } catch (e) {
      // A bad URL throws synchronously in browsers; report it like any failed attempt, but not re-entrantly.
      o.clock.setTimeout(() => this.lose(undefined, e instanceof Error ? e.message : String(e)), 0);
      return;
    }
    const ws = this.ws;
    ws.onopen = () => { if (!this.done) this.send(o.hello); };
    ws.onmessage = ((ev: { data: unknown }) => this.receive(ev.data)) as (ev: never) => void;
    ws.onclose = ((ev: { code: number; reason: string }) => {
      this.socketClosed = true;
      this.closedWaiters.splice(0).forEach((f) => f());
      this.lose(ev.code, ev.reason ?? '');
    }) as (ev: never) => void;
    // An error is always followed by a close event; the close carries the code.
    ws.onerror = () => undefined;
  }

  send(msg: ClientMessage | Hello): boolean {
    if (this.done || !this.ws || this.ws.readyState !== OPEN) return false;
    try {
      this.ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  /** Pings now and declares the socket dead if nothing answers in `withinMs` (after sleep, network change). */
  probe(withinMs: number): void {
    this.heartbeat?.probe(withinMs);
  }

  /** Clean goodbye (SPEC 2.1): bye, then close 1000. Resolves when closed or after `capMs`. */
  closeCleanly(capMs: number = TIMINGS.closeHandshakeMs): Promise<void> {
    this.send({ type: 'bye' });
    return this.shutdown(CloseCode.normal, 'bye', capMs);
  }

  /** Closes without a bye: the server treats it like a network loss and keeps the grace window. */
  abandon(): void {
    void this.shutdown(CloseCode.normal, 'abandoned', 0);
  }

  private shutdown(code: number, reason: string, capMs: number): Promise<void> {
    this.finish();
    const ws = this.ws;
    if (!ws || this.socketClosed) return Promise.resolve();
    try { ws.close(code, reason); } catch { /* already closing */ }
    const closed = new Promise<void>((resolve) => this.closedWaiters.push(resolve));
    // Cleared on close, so a finished socket does not keep a CLI process alive for a second.
    // A close handshake with a dead peer never completes: drop the TCP connection after a while.
    const terminate = this.o.clock.setTimeout(() => { if (!this.socketClosed) ws.terminate?.(); }, TIMINGS.closeHandshakeMs);
    void closed.then(() => this.o.clock.clearTimeout(terminate));
    if (capMs <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cap = this.o.clock.setTimeout(resolve, capMs);
      void closed.then(() => { this.o.clock.clearTimeout(cap); resolve(); });
    });
  }

  private receive(data: unknown): void {
    if (this.done || typeof data !== 'string') return;
    this.heartbeat?.seen();
    let json: unknown;
    try { json = JSON.parse(data); } catch { return; }
    // Unknown or malformed server messages are skipped: a newer server may add types.
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'welcome') {
      if (this.welcomed) return;
      this.welcomed = true;
      this.clearConnectTimer();
      this.heartbeat = new Heartbeat({
        clock: this.o.clock, socket: this.ws!, mode: this.o.pingMode, heartbeatMs: msg.heartbeatMs,
        marginMs: this.o.silenceMarginMs, onDead: () => this.onSilent(),
      });
      this.o.events.welcome(msg);
      return;
    }
    if (!this.welcomed) return;
    this.o.events.message(msg);
  }

  private onSilent(): void {
    this.lose(undefined, 'server silent');
  }

  private lose(code: number | undefined, reason: string): void {
    if (this.done) return;
    this.finish();
    // No close handshake when silent: the peer is unreachable and would keep the socket around.
    if (code === undefined && this.ws && !this.socketClosed) {
      try { if (this.ws.terminate) this.ws.terminate(); else this.ws.close(CloseCode.clientGaveUp, reason.slice(0, 100)); } catch { /* ignore */ }
    }
    this.o.events.lost(code, reason);
  }

  private finish(): void {
    this.done = true;
    this.clearConnectTimer();
    this.heartbeat?.stop();
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) this.o.clock.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}
