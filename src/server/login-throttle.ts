// Brute-force protection for sign-in (issue 19, finding 7): failures per email *and* client
// address (5 lock that pair for 15 minutes), a slower cap per email over all addresses (50 an
// hour), and attempts per IP (30 a minute). In memory on one node; in Redis in cluster mode, so
// failures spread over several nodes still count together. The limits are in src/common/timings.ts.
import { LOGIN_LOCK, RATE_LIMITS } from '../common/timings.js';
import { KeyedSlidingWindow } from './rate-limit.js';

export const LOCK_AFTER_FAILURES = LOGIN_LOCK.failures;
export const LOCK_MS = LOGIN_LOCK.lockMs;
export const GLOBAL_FAILURES = LOGIN_LOCK.globalFailures;
export const GLOBAL_WINDOW_MS = LOGIN_LOCK.globalWindowMs;
export const IP_WINDOW_MS = RATE_LIMITS.loginPerIp.windowMs;
export const IP_MAX_ATTEMPTS = RATE_LIMITS.loginPerIp.max;

/** One key per email and address; a space cannot occur in either, so keys never collide. */
export const pairKey = (email: string, ip: string): string => `${ip} ${email}`;

export interface LoginThrottle {
  /** Counts an attempt from `ip`; resolves with ms to wait when over the limit, else 0. */
  hitIp(ip: string, now: number): Promise<number>;
  /** Ms until `email` may sign in again from `ip` (its own lock, or the email's global cap), or 0. */
  lockedFor(email: string, ip: string, now: number): Promise<number>;
  recordFailure(email: string, ip: string, now: number): Promise<void>;
  /** A successful sign-in clears that address's failures; the global count runs out on its own. */
  reset(email: string, ip: string): Promise<void>;
}

interface Count { count: number; since: number; lockedUntil: number }

/** Bounded like KeyedSlidingWindow: past `maxKeys` entries it starts afresh. */
const MAX_KEYS = 100_000;

export class MemoryLoginThrottle implements LoginThrottle {
  private readonly pairs = new Map<string, Count>();
  private readonly emails = new Map<string, Count>();
  private readonly ipAttempts = new KeyedSlidingWindow(RATE_LIMITS.loginPerIp);

  async hitIp(ip: string, now: number): Promise<number> {
    return this.ipAttempts.hit(ip, now);
  }

  async lockedFor(email: string, ip: string, now: number): Promise<number> {
    const pair = this.pairs.get(pairKey(email, ip));
    const all = this.emails.get(email);
    return Math.max(pair && pair.lockedUntil > now ? pair.lockedUntil - now : 0, all && all.lockedUntil > now ? all.lockedUntil - now : 0);
  }

  async recordFailure(email: string, ip: string, now: number): Promise<void> {
    // The pair is locked for LOCK_MS from the failure that reached the limit; the email's global
    // cap until its window (started by its first failure) ends, as the Redis keys' expiry does.
    bump(this.pairs, pairKey(email, ip), now, LOCK_MS, LOCK_AFTER_FAILURES, () => now + LOCK_MS);
    bump(this.emails, email, now, GLOBAL_WINDOW_MS, GLOBAL_FAILURES, (since) => since + GLOBAL_WINDOW_MS);
  }

  async reset(email: string, ip: string): Promise<void> {
    this.pairs.delete(pairKey(email, ip));
  }
}

/** Failures count within one window; an expired window or lock starts a fresh count. */
function bump(map: Map<string, Count>, key: string, now: number, windowMs: number, max: number, lockUntil: (since: number) => number): void {
  const r = map.get(key);
  const fresh = !r || now - r.since >= windowMs || (r.lockedUntil !== 0 && r.lockedUntil <= now);
  if (fresh && map.size >= MAX_KEYS) map.clear();
  const next = fresh ? { count: 1, since: now, lockedUntil: 0 } : { ...r, count: r.count + 1 };
  if (next.count >= max && next.lockedUntil === 0) next.lockedUntil = lockUntil(next.since);
  map.set(key, next);
}
