// The cluster PresenceBus: Redis pub/sub with one channel per account (each node subscribes once
// per account it serves, never per socket) and one global channel for new accounts. It also
// is its own ClusterSide (leases, claims, reconnect notices, counted publish) over the same connections.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BusEvent, PresenceBus } from '../bus.js';
import { defaultTimings, type ClusterSide, type ClusterTimings } from './cluster-side.js';
import { LeaseStore } from './lease-store.js';
import type { LoginThrottle } from '../login-throttle.js';
import { RedisLoginThrottle } from './redis-login-throttle.js';

export interface RedisBusOptions {
  url: string;
  /** Every key and channel starts with it: several clusters (or tests) share one Redis. */
  prefix?: string;
  leaseTtlMs?: number;
  timings?: Partial<ClusterTimings>;
}

export class RedisConfigError extends Error {
  readonly code = 'redis';
}

export class RedisBus implements PresenceBus, ClusterSide {
  readonly leases: LeaseStore;
  readonly timings: ClusterTimings;
  private readonly handlers = new Set<(event: BusEvent) => void>();
  private readonly reconnectHandlers = new Set<() => void>();
  private readonly followed = new Set<string>();
  private readonly watchdog: NodeJS.Timeout;

  private constructor(private readonly command: Redis, private readonly sub: Redis, readonly prefix: string, timings: ClusterTimings) {
    this.timings = timings;
    this.leases = new LeaseStore(command, prefix, timings.leaseTtlMs);
    sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
      let event: BusEvent;
      try {
        event = JSON.parse(message.toString('utf8')) as BusEvent;
      } catch {
        return; // not ours: someone else publishing on our prefix
      }
      for (const handler of this.handlers) handler(event);
    });
    // Both connections are ready before the constructor runs, so every 'ready' from here on is a reconnect.
    for (const conn of [command, sub]) {
      conn.on('ready', () => {
        for (const handler of this.reconnectHandlers) handler();
      });
      // ioredis reconnects by itself; without a listener an outage would crash the process.
      conn.on('error', () => undefined);
    }
    const probing = new Set<Redis>();
    this.watchdog = setInterval(() => { for (const conn of [command, sub]) probe(conn, probing, timings.probeMs); }, timings.refreshMs);
    this.watchdog.unref();
  }

  static async connect(opts: RedisBusOptions): Promise<RedisBus> {
    const prefix = opts.prefix ?? 'presence:';
    const timings = { ...defaultTimings(opts.leaseTtlMs), ...opts.timings };
    // Commands fail fast while Redis is away (the node keeps its local view and rebuilds on
    // reconnect); queued lease writes replayed minutes later would be wrong.
    // A reconnect attempt into a dead link gives up after probeMs and tries again, so the first
    // attempt after a heal is at most that far away (ioredis waits 10 s by default).
    const command = new Redis(opts.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: timings.probeMs, connectionName: `presence-${randomUUID().slice(0, 8)}` });
    const sub = new Redis(opts.url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: timings.probeMs });
    try {
      await Promise.all([command.connect(), sub.connect()]);
    } catch (err) {
      command.disconnect();
      sub.disconnect();
      throw new RedisConfigError(`cannot connect to Redis at ${opts.url.replace(/\/\/[^@/]*@/, '//***@')}: ${(err as Error).message}`);
    }
    const bus = new RedisBus(command, sub, prefix, timings);
    await sub.subscribe(bus.globalChannel);
    return bus;
  }

  loginThrottle(): LoginThrottle {
    return new RedisLoginThrottle(this.command, this.prefix);
  }

  get cluster(): ClusterSide {
    return this;
  }

  get connected(): boolean {
    return this.command.status === 'ready' && this.sub.status === 'ready';
  }

  private get globalChannel(): string {
    return `${this.prefix}ch:*`;
  }

  private channelOf(event: BusEvent): string {
    // A new account is news to nodes that do not follow it yet.
    if (event.type === 'config' && event.what === 'account') return this.globalChannel;
    return `${this.prefix}ch:${event.accountId}`;
  }

  async publish(event: BusEvent): Promise<void> {
    await this.command.publish(this.channelOf(event), JSON.stringify(event));
  }

  async publishCounted(event: BusEvent): Promise<number> {
    // One subscriber connection per node, so PUBLISH's receiver count is the number of nodes.
    return this.command.publish(this.channelOf(event), JSON.stringify(event));
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async follow(accountId: string): Promise<void> {
    if (this.followed.has(accountId)) return;
    this.followed.add(accountId);
    // ioredis re-subscribes every channel by itself after a reconnect.
    const subscribed = this.sub.subscribe(`${this.prefix}ch:${accountId}`);
    // While Redis is away the subscription waits in ioredis's queue for the reconnect, and the
    // reconnect's resync re-reads every account this node holds: a first load (an API call, a
    // widget) must not wait for Redis to come back (issue 20 with issue 19's outage rules).
    if (this.sub.status !== 'ready') {
      subscribed.catch(() => undefined);
      return;
    }
    await subscribed;
  }

  async unfollow(accountId: string): Promise<void> {
    if (!this.followed.delete(accountId)) return;
    await this.sub.unsubscribe(`${this.prefix}ch:${accountId}`);
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.command.set(`${this.prefix}once:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    this.handlers.clear();
    this.reconnectHandlers.clear();
    await Promise.allSettled([this.command.quit(), this.sub.quit()]);
  }

  /** Tests: drop the connections without a word, as a killed process would. */
  kill(): void {
    clearInterval(this.watchdog);
    this.handlers.clear();
    this.reconnectHandlers.clear();
    this.command.disconnect();
    this.sub.disconnect();
  }
}

/**
 * A black-holed link (packets dropped, nothing closes) is noticed by nothing else in useful time:
 * the node keeps its local view meanwhile (SPEC 2.1), but after the heal TCP would resend only at
 * its next, backed-off retransmission (20 s after a 30 s cut, test/partitions/redis-blackhole),
 * while the other nodes still count this node's devices as gone. An unanswered PING reopens the
 * connection; the reconnect's 'ready' runs the resync. PING is allowed on a subscriber connection.
 */
function probe(conn: Redis, probing: Set<Redis>, timeoutMs: number): void {
  if (conn.status !== 'ready' || probing.has(conn)) return;
  probing.add(conn);
  // After a stalled event loop the timer may run before the answer that already arrived is read:
  // the check waits for the I/O phase (setImmediate), so a busy node does not reconnect for nothing.
  const timer = setTimeout(() => setImmediate(() => { if (probing.has(conn)) conn.disconnect(true); }), timeoutMs);
  conn.ping().catch(() => undefined).finally(() => {
    clearTimeout(timer);
    probing.delete(conn);
  });
}
