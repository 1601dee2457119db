// Sign-in throttling shared by every node: counters and locks live in Redis with expiries, so
// failures spread over several nodes still count together (per email and address, and the
// slower cap per email). While Redis is unreachable each node falls back to its own in-memory
// counters rather than refusing every sign-in.
import type { Redis } from 'ioredis';
import {
  GLOBAL_FAILURES, GLOBAL_WINDOW_MS, IP_MAX_ATTEMPTS, IP_WINDOW_MS, LOCK_AFTER_FAILURES, LOCK_MS, MemoryLoginThrottle, pairKey, type LoginThrottle,
} from '../login-throttle.js';

export class RedisLoginThrottle implements LoginThrottle {
  private readonly local = new MemoryLoginThrottle();

  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private async orLocal<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      return await remote();
    } catch {
      return local();
    }
  }

  hitIp(ip: string, now: number): Promise<number> {
    return this.orLocal(async () => {
      const key = `${this.prefix}login:ip:${ip}`;
      const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, IP_WINDOW_MS, 'NX').exec()) as [[unknown, number]];
      return count > IP_MAX_ATTEMPTS ? Math.max(1, await this.redis.pttl(key)) : 0;
    }, () => this.local.hitIp(ip, now));
  }

  lockedFor(email: string, ip: string, now: number): Promise<number> {
    return this.orLocal(async () => {
      const all = `${this.prefix}login:gfail:${email}`;
      const [[, pairTtl], [, count], [, allTtl]] = (await this.redis.multi().pttl(`${this.prefix}login:lock:${pairKey(email, ip)}`).get(all).pttl(all).exec()) as [[unknown, number], [unknown, string | null], [unknown, number]];
      return Math.max(0, pairTtl, Number(count ?? 0) >= GLOBAL_FAILURES ? allTtl : 0);
    }, () => this.local.lockedFor(email, ip, now));
  }

  recordFailure(email: string, ip: string, now: number): Promise<void> {
    return this.orLocal(async () => {
      const key = `${this.prefix}login:fail:${pairKey(email, ip)}`;
      const all = `${this.prefix}login:gfail:${email}`;
      const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, LOCK_MS, 'NX').incr(all).pexpire(all, GLOBAL_WINDOW_MS, 'NX').exec()) as [[unknown, number]];
      if (count >= LOCK_AFTER_FAILURES) await this.redis.multi().set(`${this.prefix}login:lock:${pairKey(email, ip)}`, '1', 'PX', LOCK_MS).del(key).exec();
    }, () => this.local.recordFailure(email, ip, now));
  }

  reset(email: string, ip: string): Promise<void> {
    return this.orLocal(async () => { await this.redis.del(`${this.prefix}login:fail:${pairKey(email, ip)}`); }, () => this.local.reset(email, ip));
  }
}
