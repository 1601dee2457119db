// When to try again after a lost connection (SPEC 6, issue 5). Full jitter spreads a reconnect
// storm over the whole window; a connection that stayed up for a minute proves the path works,
// so the next loss starts again from the smallest delay.
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from '../common/backoff.js';
import { CloseCode } from '../common/protocol.js';
import { TIMINGS } from '../common/timings.js';

export type CloseDecision =
  | { kind: 'retry'; delayMs: number }
  | { kind: 'signedOut' }
  | { kind: 'closed' };

/** After 1001 (server going away) every client reconnects at once: spread them over 0–2 s. */
export const GOING_AWAY_SPREAD_MS = TIMINGS.goingAwaySpreadMs;

export class ReconnectPolicy {
  private attempt = 0;
  private connectedAt: number | null = null;

  constructor(
    private readonly random: () => number,
    private readonly stableAfterMs: number = TIMINGS.stableAfterMs,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  connected(now: number): void {
    this.connectedAt = now;
  }

  /** Decides what a close means. `code` is undefined when the socket never opened or went silent. */
  onClose(code: number | undefined, now: number): CloseDecision {
    if (this.connectedAt !== null && now - this.connectedAt >= this.stableAfterMs) this.attempt = 0;
    this.connectedAt = null;
    if (code === CloseCode.unauthorized || code === CloseCode.forbidden) return { kind: 'signedOut' };
    // The same device connected elsewhere; fighting it would make both flap.
    if (code === CloseCode.replaced) return { kind: 'closed' };
    if (code === CloseCode.goingAway) return { kind: 'retry', delayMs: Math.floor(this.random() * GOING_AWAY_SPREAD_MS) };
    return { kind: 'retry', delayMs: fullJitterDelay(this.attempt++, this.random, this.backoff) };
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
    this.connectedAt = null;
  }
}
