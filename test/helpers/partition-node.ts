// One presence node of the partition suite, alone in its process inside its network namespace
// (test/helpers/partition-hosts.ts starts it with `ip netns exec`). It opens PostgreSQL and Redis
// over its own links exactly as the in-process world did (openPostgresStore, RedisBus.connect),
// listens on its clients-link address and prints `partition-node listening PORT` once it serves.
import { pino } from 'pino';
import { startPresenceServer } from '../../src/server/app.js';
import { RedisBus } from '../../src/server/cluster/redis-bus.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';

export interface PartitionNodeOptions {
  pgUrl: string;
  redisUrl: string;
  schema: string;
  prefix: string;
  host: string;
  graceMs: number;
  heartbeatMs: number;
  leaseTtlMs: number;
}

const o = JSON.parse(process.argv[2] ?? '') as PartitionNodeOptions;
const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
const store = await openPostgresStore(o.pgUrl, { schema: o.schema, poolSize: 4 });
const bus = await RedisBus.connect({ url: o.redisUrl, prefix: o.prefix, leaseTtlMs: o.leaseTtlMs });
const server = await startPresenceServer({ logger, store, bus, host: o.host, port: 0, graceMs: o.graceMs, heartbeatMs: o.heartbeatMs });
process.stdout.write(`partition-node listening ${server.port}\n`);

// The world closes nodes with SIGTERM after healing every link; a close stuck on a dead link
// is cut short (the world follows with SIGKILL anyway).
process.once('SIGTERM', () => {
  setTimeout(() => process.exit(0), 3_000).unref();
  void server.close().finally(() => process.exit(0));
});
