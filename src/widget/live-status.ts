import { fullJitterDelay, DEFAULT_BACKOFF } from '../common/backoff.js';
import { CloseCode } from '../common/close-codes.js';
import { parseStatus, sameStatus, type PublicStatus } from './status.js';

/** The slice of a browser WebSocket the widget uses, so tests can drive a fake one. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

/** Everything the connection touches in the page, injected so the logic is testable without a browser. */
export interface LiveEnv {
  /** null when the browser has no WebSocket at all: the widget then only polls. */
  openSocket: ((url: string) => SocketLike) | null;
  fetchStatus(url: string): Promise<{ status: number; text: string }>;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number | undefined): void;
  random(): number;
  hidden(): boolean;
}

export interface LiveOptions {
  wsUrl(group: string | null): string;
  statusUrl(group: string | null): string;
  pollMs: number;
  /** A tab hidden longer than this drops its socket; it refreshes at once when shown again. */
  hiddenPauseMs: number;
  /** Socket attempts in a row that never open before polling starts (WebSocket blocked by a proxy or CSP). */
  failuresBeforePoll: number;
}

export const DEFAULT_LIVE_OPTIONS = { pollMs: 30_000, hiddenPauseMs: 60_000, failuresBeforePoll: 3 };

/** Close code of SPEC 4.2 for an unknown site or group: retrying cannot help. */
const NOT_FOUND = CloseCode.notFound;
/** A socket that has neither opened nor failed by then is treated as failed. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Keeps one status stream alive: a WebSocket first, reconnecting with full-jitter backoff; HTTP
 * polling when the socket cannot open, while still retrying the socket; paused in long-hidden tabs.
 * Every callback checks `gen`, bumped on each deliberate teardown, so a late event from a socket
 * or fetch of a previous group or pause can never overwrite the current state.
 */
export class LiveStatus {
  private group: string | null;
  private socket: SocketLike | null = null;
  private gen = 0;
  private failures = 0;
  private attempt = 0;
  private polling = false;
  private pollSeq = 0;
  private paused = false;
  private stopped = false;
  private last: PublicStatus | null = null;
  private reconnectTimer: number | undefined;
  private pollTimer: number | undefined;
  private hideTimer: number | undefined;

  constructor(
    private readonly env: LiveEnv,
    private readonly opts: LiveOptions,
    group: string | null,
    private readonly onStatus: (s: PublicStatus) => void,
    private readonly onGone: () => void,
  ) {
    this.group = group;
  }

  start(): void {
    if (!this.env.openSocket) this.startPolling();
    else this.connect();
    if (this.env.hidden()) this.visibilityChanged();
  }

  status(): PublicStatus | null {
    return this.last;
  }

  currentGroup(): string | null {
    return this.group;
  }

  setGroup(group: string | null): void {
    if (group === this.group) return;
    this.group = group;
    this.last = null;
    this.stopped = false;
    this.teardown();
    if (!this.paused) this.resume();
  }

  /** Call on every `visibilitychange`. */
  visibilityChanged(): void {
    const env = this.env;
    if (env.hidden()) {
      if (this.hideTimer === undefined) {
        this.hideTimer = env.setTimeout(() => { this.hideTimer = undefined; this.pause(); }, this.opts.hiddenPauseMs);
      }
      return;
    }
    if (this.hideTimer === undefined && !this.paused) return; // was not hidden: nothing to refresh
    env.clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    if (this.paused) {
      this.paused = false;
      this.attempt = 0;
      this.resume();
    } else if (this.polling) {
      this.poll();
    }
  }

  stop(): void {
    this.stopped = true;
    this.teardown();
    this.env.clearTimeout(this.hideTimer);
  }

  private resume(): void {
    if (this.stopped) return;
    if (this.env.openSocket) this.connect();
    if (this.polling || !this.env.openSocket) this.poll();
  }

  private pause(): void {
    this.paused = true;
    this.teardown();
  }

  /** Drops the socket and timers; `gen` makes their pending callbacks no-ops. */
  private teardown(): void {
    this.gen++;
    const s = this.socket;
    this.socket = null;
    if (s) {
      try { s.close(CloseCode.normal); } catch { /* already closed */ }
    }
    this.env.clearTimeout(this.reconnectTimer);
    this.env.clearTimeout(this.pollTimer);
    this.reconnectTimer = this.pollTimer = undefined;
  }

  private connect(): void {
    const env = this.env;
    if (this.stopped || this.paused || !env.openSocket) return;
    env.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.socket) return;
    const gen = this.gen;
    let opened = false;
    let s: SocketLike;
    try {
      s = env.openSocket(this.opts.wsUrl(this.group));
    } catch {
      // Some browsers throw synchronously when CSP forbids the URL; treat it like a failed attempt.
      this.socketClosed(1006, false);
      return;
    }
    this.socket = s;
    let done = false;
    // Chromium refuses a CSP-blocked socket with an `error` event and no `close` event at all, and a
    // black-holed connect may hang for minutes: either way this attempt must end exactly once.
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      env.clearTimeout(timer);
      if (gen !== this.gen) return;
      if (this.socket === s) this.socket = null;
      this.socketClosed(code, opened);
    };
    const timer = env.setTimeout(() => {
      if (opened) return;
      try { s.close(); } catch { /* never opened */ }
      finish(1006);
    }, CONNECT_TIMEOUT_MS);
    s.onopen = () => {
      env.clearTimeout(timer);
      if (done || gen !== this.gen) return;
      opened = true;
      this.failures = 0;
      this.attempt = 0;
      this.polling = false;
      env.clearTimeout(this.pollTimer);
      this.pollSeq++;
    };
    s.onmessage = (ev) => { if (gen === this.gen) this.receive(ev.data); };
    s.onerror = () => { if (!opened) finish(1006); /* once open, a close event follows */ };
    s.onclose = (ev) => finish(ev.code);
  }

  private socketClosed(code: number, wasOpen: boolean): void {
    if (code === NOT_FOUND) {
      this.gone();
      return;
    }
    if (!wasOpen) this.failures++;
    if (this.failures >= this.opts.failuresBeforePoll && !this.polling) this.startPolling();
    // Full jitter spreads the reconnect storm after a server restart; the cap keeps retrying
    // the socket "occasionally" (every 30 s at most) while polling covers the gap.
    const delay = fullJitterDelay(this.attempt++, this.env.random, DEFAULT_BACKOFF);
    this.reconnectTimer = this.env.setTimeout(() => this.connect(), delay);
  }

  private startPolling(): void {
    this.polling = true;
    this.poll();
  }

  private async poll(): Promise<void> {
    const env = this.env;
    if (this.stopped || this.paused) return;
    env.clearTimeout(this.pollTimer);
    const seq = ++this.pollSeq;
    const gen = this.gen;
    try {
      const res = await env.fetchStatus(this.opts.statusUrl(this.group));
      if (gen !== this.gen || seq !== this.pollSeq) return;
      if (res.status === 404) {
        this.gone();
        return;
      }
      if (res.status === 200) this.receive(res.text);
    } catch {
      // Network down or server restarting: the next round will tell.
    }
    if (gen === this.gen && seq === this.pollSeq && this.polling && !this.stopped && !this.paused) {
      this.pollTimer = env.setTimeout(() => { this.poll(); }, this.opts.pollMs);
    }
  }

  private receive(data: unknown): void {
    const s = parseStatus(data);
    if (!s || sameStatus(s, this.last)) return;
    this.last = s;
    this.onStatus(s);
  }

  private gone(): void {
    this.stopped = true;
    this.last = null;
    this.teardown();
    this.onGone();
  }
}
