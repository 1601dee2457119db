// A presence cluster on loopback: N in-process nodes on one PostgreSQL schema and one Redis key
// prefix of their own (both removed by close()). Shaped like TestServer, so the single-node
// conformance suites run against it unchanged: every `wsUrl` / `url` read picks a random node,
// so each client of a test lands on a node of its own.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { startPresenceServer, type PresenceServer, type ServerOptions } from '../../src/server/app.js';
import { RedisBus } from '../../src/server/cluster/redis-bus.js';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { callApi } from './http.js';
import type { TestAgent, TestServer } from './server.js';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'test-password-1';

/** In CI a missing PostgreSQL or Redis fails the run; on a laptop the cluster suites are skipped. */
export async function clusterServicesAvailable(): Promise<boolean> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await client.connect().then(() => client.end(), (err: Error) => problems.push(`PostgreSQL at ${PG_URL}: ${err.message}`));
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  await redis.connect().then(() => redis.quit(), (err: Error) => problems.push(`Redis at ${REDIS_URL}: ${err.message}`));
  if (problems.length === 0) return true;
  if (process.env.CI) throw new Error(`cluster tests need their services (CI=true, so not skipping): ${problems.join('; ')}`);
  return false;
}

export interface ClusterOptions extends Omit<ServerOptions, 'dataDir' | 'port' | 'host' | 'store' | 'bus'> {
  nodes?: number;
  leaseTtlMs?: number;
  /** Another Redis than REDIS_URL (the restart test runs a private one). */
  redisUrl?: string;
  /** Node i's own way to that Redis (a proxy the test can cut for one node only). */
  redisUrlOf?: (node: number) => string;
}

export interface TestCluster extends TestServer {
  nodes: PresenceServer[];
  buses: RedisBus[];
  schema: string;
  prefix: string;
  /** A fixed node's URLs, for tests that must choose. */
  node(i: number): { url: string; wsUrl: string; siteKey: string };
  /** Simulates kill -9 of node i in-process: sockets dropped without a close frame, Redis dropped, no lease released. */
  kill(i: number): Promise<void>;
}

let counter = 0;

export async function startTestCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const n = opts.nodes ?? 2;
  const tag = randomBytes(5).toString('hex');
  const schema = `t_${tag}`;
  const prefix = `test:${tag}:`;
  const setup = await openPostgresStore(PG_URL, { schema, poolSize: 2 });
  const email = `admin-${tag}@test.example`;
  const created = await createAccount(setup, { account: `Cluster ${tag}`, email, password: PASSWORD, name: 'Admin' });
  await setup.close();

  const buses: RedisBus[] = [];
  const startNode = async (i: number, port = 0): Promise<PresenceServer> => {
    const store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
    const bus = await RedisBus.connect({ url: opts.redisUrlOf?.(i) ?? opts.redisUrl ?? REDIS_URL, prefix, ...(opts.leaseTtlMs ? { leaseTtlMs: opts.leaseTtlMs } : {}) });
    buses[i] = bus;
    const { nodes: _n, leaseTtlMs: _t, redisUrl: _r, redisUrlOf: _o, ...server } = opts;
    return startPresenceServer({ logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), ...server, store, bus, host: '127.0.0.1', port });
  };
  const nodes: PresenceServer[] = [];
  for (let i = 0; i < n; i++) nodes.push(await startNode(i));
  const alive = new Set(nodes.map((_, i) => i));
  const pick = (): PresenceServer => {
    const live = [...alive];
    return nodes[live[Math.floor(Math.random() * live.length)]!]!;
  };

  // Every call, sign-in included, goes to a random node: lockout counters live in Redis.
  const api: TestServer['api'] = (method, path, o) => callApi(pick().url, method, path, o);
  const login = async (mail: string): Promise<string> => {
    const res = await api('POST', '/api/v1/auth/login', { body: { email: mail, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { token: string }).token;
  };
  let closed: Promise<void> | null = null;

  const c: TestCluster = {
    get url() { return pick().url; },
    get wsUrl() { return pick().url.replace(/^http/, 'ws'); },
    get port() { return nodes[0]!.port; },
    get server() { return nodes[0]!; },
    nodes, buses, schema, prefix,
    dataDir: '',
    siteKey: created.siteKey,
    accountId: created.accountId,
    admin: { id: created.adminId, email, password: PASSWORD, token: await login(email) },
    node: (i) => ({ url: nodes[i]!.url, wsUrl: nodes[i]!.url.replace(/^http/, 'ws'), siteKey: created.siteKey }),
    async createAgent(o = {}) {
      const mail = `agent-${tag}-${counter++}@test.example`;
      const res = await api('POST', '/api/v1/agents', { token: c.admin.token, body: { email: mail, name: o.name ?? mail.split('@')[0], password: PASSWORD, role: o.role ?? 'agent', groupIds: o.groupIds ?? [] } });
      if (res.status !== 201) throw new Error(`createAgent failed: ${res.status} ${JSON.stringify(res.body)}`);
      await settleBus();
      return { id: res.body.id, email: mail, password: PASSWORD, token: await login(mail) } satisfies TestAgent;
    },
    async createGroup(name, memberIds = []) {
      const res = await api('POST', '/api/v1/groups', { token: c.admin.token, body: { name, memberIds } });
      if (res.status !== 201) throw new Error(`createGroup failed: ${res.status} ${JSON.stringify(res.body)}`);
      await settleBus();
      return { id: res.body.id };
    },
    async createAccount(name = 'Other') {
      const mail = `admin-${tag}-${counter++}@other.example`;
      const other = await createAccount(nodes[0]!.store, { account: name, email: mail, password: PASSWORD });
      for (const i of alive) await nodes[i]!.hub.accountCreated(other.accountId);
      return { accountId: other.accountId, siteKey: other.siteKey, admin: { id: other.adminId, email: mail, password: PASSWORD, token: await login(mail) } };
    },
    api,
    async restart() {
      const ports = nodes.map((s) => s.port);
      for (const i of alive) await nodes[i]!.close();
      for (let i = 0; i < n; i++) nodes[i] = await startNode(i, ports[i]);
      for (let i = 0; i < n; i++) alive.add(i);
    },
    async kill(i) {
      alive.delete(i);
      await nodes[i]!.crash();
    },
    close: () => (closed ??= (async () => {
      for (const i of alive) await nodes[i]!.close().catch(() => undefined);
      await cleanup(schema, prefix, opts.redisUrl);
    })()),
  };
  return c;
}

/** Configuration writes reach the other nodes through Redis and a store read; give them a moment. */
const settleBus = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

/** Drops a run's schema and deletes every key under its prefix (tests and the cluster bench). */
export async function cleanup(schema: string, prefix: string, redisUrl = REDIS_URL, pgUrl = PG_URL): Promise<{ keysDeleted: number }> {
  const client = new pg.Client(pgUrl);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  let keysDeleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) keysDeleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return { keysDeleted };
}
