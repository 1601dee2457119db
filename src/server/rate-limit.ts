// One sliding-window limiter for every rate limit of the server: status changes per agent (all its
// sockets and the HTTP route together, issue 19),
// sign-in attempts per IP (the in-memory throttle) and the public widget status per IP. A hit
// inside the limit is counted; one over it is refused, not counted, and told how long to wait.
import type { RateLimit } from '../common/timings.js';

export class SlidingWindow {
  /** Instants of the accepted hits still inside the window, oldest first (at most `max`). */
  private readonly hits: number[] = [];

  constructor(private readonly limit: RateLimit) {}

  /** 0 when the hit is allowed (and counted), else the ms until the oldest hit leaves the window. */
  hit(now: number): number {
    const from = now - this.limit.windowMs;
    while (this.hits.length > 0 && this.hits[0]! <= from) this.hits.shift();
    if (this.hits.length >= this.limit.max) return this.hits[0]! - from;
    this.hits.push(now);
    return 0;
  }
}

/** A sliding window per key (an IP address). Past `maxKeys` keys it starts afresh, so memory stays bounded. */
export class KeyedSlidingWindow {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(private readonly limit: RateLimit, private readonly maxKeys = 100_000) {}

  hit(key: string, now: number): number {
    let window = this.windows.get(key);
    if (!window) {
      if (this.windows.size >= this.maxKeys) this.windows.clear();
      this.windows.set(key, (window = new SlidingWindow(this.limit)));
    }
    return window.hit(now);
  }
}
