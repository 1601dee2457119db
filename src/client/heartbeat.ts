// Liveness of one agent socket (SPEC 4.1.5). The server pings every heartbeatMs; a browser cannot
// see ping frames, so it sends app-level `ping` messages and counts the `pong`s. In Node, `ws`
// exposes ping/pong frames, which cost nothing to parse. Either way, a socket from which nothing
// has arrived for heartbeatMs + margin is declared dead: a black-holed TCP connection never closes
// by itself.
import type { Clock, TimerHandle } from '../common/clock.js';
import type { PingMode, WebSocketLike } from './types.js';

export interface HeartbeatOptions {
  clock: Clock;
  socket: WebSocketLike;
  mode: PingMode;
  heartbeatMs: number;
  marginMs: number;
  onDead(): void;
}

export function resolvePingMode(mode: PingMode, socket: WebSocketLike): 'app' | 'frames' {
  if (mode !== 'auto') return mode;
  return typeof socket.ping === 'function' && typeof socket.on === 'function' ? 'frames' : 'app';
}

export class Heartbeat {
  private lastRx: number;
  private pingTimer: TimerHandle | null = null;
  private deadTimer: TimerHandle | null = null;
  private probeTimer: TimerHandle | null = null;
  private pingId = 0;
  private rxCount = 0;
  private stopped = false;
  readonly mode: 'app' | 'frames';

  constructor(private readonly o: HeartbeatOptions) {
    this.lastRx = o.clock.now();
    this.mode = resolvePingMode(o.mode, o.socket);
    if (this.mode === 'frames') {
      o.socket.on?.('ping', () => this.seen());
      o.socket.on?.('pong', () => this.seen());
    }
    this.armPing();
    this.armDead(this.limit());
  }

  /** Anything received proves the path works. */
  seen(): void {
    this.lastRx = this.o.clock.now();
    this.rxCount++;
  }

  /** Checks the path now (resume from sleep): ping at once and expect an answer within `withinMs`. */
  probe(withinMs: number): void {
    if (this.stopped) return;
    const countAtProbe = this.rxCount;
    this.sendPing();
    if (this.probeTimer !== null) this.o.clock.clearTimeout(this.probeTimer);
    this.probeTimer = this.o.clock.setTimeout(() => {
      this.probeTimer = null;
      if (this.rxCount === countAtProbe) this.die();
    }, withinMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.pingTimer !== null) this.o.clock.clearTimeout(this.pingTimer);
    if (this.deadTimer !== null) this.o.clock.clearTimeout(this.deadTimer);
    if (this.probeTimer !== null) this.o.clock.clearTimeout(this.probeTimer);
    this.pingTimer = this.deadTimer = this.probeTimer = null;
  }

  private limit(): number {
    return this.o.heartbeatMs + this.o.marginMs;
  }

  private armPing(): void {
    this.pingTimer = this.o.clock.setTimeout(() => {
      if (this.stopped) return;
      this.sendPing();
      this.armPing();
    }, this.o.heartbeatMs);
  }

  // One timer re-armed for the remaining time, rather than cleared and re-created per message.
  private armDead(inMs: number): void {
    this.deadTimer = this.o.clock.setTimeout(() => {
      if (this.stopped) return;
      const silent = this.o.clock.now() - this.lastRx;
      if (silent >= this.limit()) this.die();
      else this.armDead(this.limit() - silent);
    }, inMs);
  }

  private sendPing(): void {
    try {
      if (this.mode === 'frames') this.o.socket.ping?.();
      else this.o.socket.send(JSON.stringify({ type: 'ping', id: ++this.pingId }));
    } catch {
      // A socket that cannot send is dead; the watchdog will notice.
    }
  }

  private die(): void {
    if (this.stopped) return;
    this.stop();
    this.o.onDead();
  }
}
