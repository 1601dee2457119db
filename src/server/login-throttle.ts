// Brute-force protection for sign-in: failures per email (lock after 5 for 15 minutes) and
// attempts per IP (30 a minute). In memory on one node; in Redis in cluster mode, so failures
// spread over several nodes still lock the email. The limits are in src/common/timings.ts.
import { LOGIN_LOCK, RATE_LIMITS } from '../common/timings.js';
import { KeyedSlidingWindow } from './rate-limit.js';

export const LOCK_AFTER_FAILURES = LOGIN_LOCK.failures;
export const LOCK_MS = LOGIN_LOCK.lockMs;
export const IP_WINDOW_MS = RATE_LIMITS.loginPerIp.windowMs;
export const IP_MAX_ATTEMPTS = RATE_LIMITS.loginPerIp.max;

export interface LoginThrottle {
  /** Counts an attempt from `ip`; resolves with ms to wait when over the limit, else 0. */
  hitIp(ip: string, now: number): Promise<number>;
  /** Ms until `email` is unlocked, or 0. */
  lockedFor(email: string, now: number): Promise<number>;
  recordFailure(email: string, now: number): Promise<void>;
  reset(email: string): Promise<void>;
}

export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number; since: number }>();
  private readonly ipAttempts = new KeyedSlidingWindow(RATE_LIMITS.loginPerIp);

  async hitIp(ip: string, now: number): Promise<number> {
    return this.ipAttempts.hit(ip, now);
  }

  async lockedFor(email: string, now: number): Promise<number> {
    const r = this.failures.get(email);
    return r && r.lockedUntil > now ? r.lockedUntil - now : 0;
  }

  async recordFailure(email: string, now: number): Promise<void> {
    const r = this.failures.get(email);
    // Failures count within one lock period; an expired lock starts a fresh count.
    const count = r && now - r.since < LOCK_MS && r.lockedUntil <= now ? r.count + 1 : 1;
    this.failures.set(email, { count, since: count === 1 ? now : r!.since, lockedUntil: count >= LOCK_AFTER_FAILURES ? now + LOCK_MS : 0 });
  }

  async reset(email: string): Promise<void> {
    this.failures.delete(email);
  }
}
