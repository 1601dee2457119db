// Full-jitter exponential backoff ("Exponential Backoff And Jitter", AWS architecture blog):
// delay = random(0, min(cap, base * 2^attempt)). Spreads a reconnect storm over the whole window.
import { BACKOFF } from './timings.js';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = BACKOFF;

export function fullJitterDelay(attempt: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
