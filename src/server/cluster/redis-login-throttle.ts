// Sign-in throttling shared by every node: counters and locks live in Redis with expiries, so
// five failures spread over several nodes still lock the email. While Redis is unreachable each
// node falls back to its own in-memory counters rather than refusing every sign-in.
import type { Redis } from 'ioredis';
import { IP_MAX_ATTEMPTS, IP_WINDOW_MS, LOCK_AFTER_FAILURES, LOCK_MS, MemoryLoginThrottle, type LoginThrottle } from '../login-throttle.js';

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

  lockedFor(email: string, now: number): Promise<number> {
    return this.orLocal(async () => Math.max(0, await this.redis.pttl(`${this.prefix}login:lock:${email}`)), () => this.local.lockedFor(email, now));
  }

  recordFailure(email: string, now: number): Promise<void> {
    return this.orLocal(async () => {
      const key = `${this.prefix}login:fail:${email}`;
      const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, LOCK_MS, 'NX').exec()) as [[unknown, number]];
      if (count >= LOCK_AFTER_FAILURES) await this.redis.multi().set(`${this.prefix}login:lock:${email}`, '1', 'PX', LOCK_MS).del(key).exec();
    }, () => this.local.recordFailure(email, now));
  }

  reset(email: string): Promise<void> {
    return this.orLocal(async () => { await this.redis.del(`${this.prefix}login:fail:${email}`); }, () => this.local.reset(email));
  }
}
