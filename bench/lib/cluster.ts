// A 2-node cluster of ours for the benchmarks: one fresh PostgreSQL schema and one Redis key
// prefix per run (both removed by `cleanup()`), seeded straight in the store before the nodes
// start (both nodes load the account at boot), each node its own child process.
import { randomBytes } from 'node:crypto';
import { TOKEN_TTL_MS } from '../../src/server/auth.js';
import { hashToken, newToken } from '../../src/server/ids.js';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { BENCH_PASSWORD } from './seed.js';
import { prepareTarget, type Target } from './targets.js';
import { cleanup as cleanupRun } from '../../test/helpers/cluster.js';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchCluster {
  schema: string;
  prefix: string;
  siteKey: string;
  /** Bearer token of the account's admin agent (the one that flips). */
  token: string;
  /** The admin's and a second agent's tokens: they take turns under the per-agent status limit. */
  tokens: string[];
  nodes: Target[];
  /** Per node: startPresenceServer() until listening, ms. */
  bootMs: number[];
  /** Stops the nodes, drops the schema, deletes the prefix's keys. */
  close(): Promise<void>;
}

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

export async function startBenchCluster(o: { nodes?: number; heartbeatMs?: number; nodeFlags?: string[] } = {}): Promise<BenchCluster> {
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const schema = `bench_${tag}`;
  const prefix = `bench:${tag}:`;
  const nodes: Target[] = [];
  const cleanupAll = async (): Promise<void> => {
    await Promise.all(nodes.map((t) => t.stop().catch(() => undefined)));
    await cleanup(schema, prefix);
  };
  try {
    // Seed before any node starts: both load the account from the store at boot.
    const store = await openPostgresStore(PG_URL, { schema, poolSize: 2 });
    let created: Awaited<ReturnType<typeof createAccount>>;
    const token = newToken();
    const second = newToken();
    try {
      created = await createAccount(store, { account: `Bench ${tag}`, email: `agent-${tag}@bench.example`, password: BENCH_PASSWORD, name: 'Bench agent' });
      await store.createToken(hashToken(token), created.adminId, Date.now() + TOKEN_TTL_MS);
      const other = await store.createAgent(created.accountId, { email: `agent-2-${tag}@bench.example`, name: 'Bench agent 2', role: 'agent', groupIds: [], passwordHash: 'x' });
      await store.createToken(hashToken(second), other.id, Date.now() + TOKEN_TTL_MS);
    } finally {
      await store.close();
    }
    const bootMs: number[] = [];
    // One after the other: the second waits on the migration lock anyway.
    for (let i = 0; i < (o.nodes ?? 2); i++) {
      const prepared = await prepareTarget('ours', o.nodeFlags);
      const t = await prepared.start({ postgres: withSchema(PG_URL, schema), redis: REDIS_URL, redisPrefix: prefix, heartbeatMs: o.heartbeatMs, nodeFlags: o.nodeFlags });
      nodes.push(t);
      bootMs.push(t.bootMs ?? NaN);
    }
    return { schema, prefix, siteKey: created.siteKey, token, tokens: [token, second], nodes, bootMs, close: cleanupAll };
  } catch (err) {
    await cleanupAll().catch(() => undefined);
    throw err;
  }
}

/** Drops the run's schema and deletes every key under its prefix (the tests' helper, on the bench's services). */
export function cleanup(schema: string, prefix: string): Promise<{ keysDeleted: number }> {
  return cleanupRun(schema, prefix, REDIS_URL, PG_URL);
}
