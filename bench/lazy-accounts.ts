// Issue 20 / SPEC 7: a node whose cost follows its own work. Seeds N accounts × 5 agents straight
// into a SQLite file or a fresh PostgreSQL schema (bulk SQL: the API would mostly measure scrypt),
// starts the real server in its own process and measures, before any socket: the time from fork to
// listening and the RSS; then the first widget status of K random cold accounts, one at a time
// (upgrade → first frame), so each figure is one account's load and not a queue behind others.
//   npx tsx bench/lazy-accounts.ts --store sqlite|postgres [--redis] --accounts 100000 --cold 1000
// `--redis`: the node runs as a cluster node (PostgreSQL + Redis), subscribing per loaded account.
// `--online`: every agent's intent is online (a restart after a crash: every account loads at boot).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import WebSocket from 'ws';
import { hashPassword } from '../src/server/passwords.js';
import { openPostgresStore } from '../src/server/store/postgres.js';
import { openSqliteStore } from '../src/server/store/sqlite.js';
import type { Store } from '../src/server/store/store.js';
import { cleanup, PG_URL, REDIS_URL } from './lib/cluster.js';
import { benchStart, defaultResultsDir, loadAvg, percentiles, writeResult } from './lib/common.js';
import { spawnChild } from './lib/ipc.js';

const AGENTS_PER_ACCOUNT = 5;
const CHUNK = 500;
// Half the accounts have office hours (09:00–17:00 UTC every day), so cold loads also compute
// schedules and some first statuses are "closed".
const day = [{ from: '09:00', to: '17:00' }];
const HOURS = JSON.stringify({ enabled: true, timezone: 'UTC', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } });

const { values } = parseArgs({ options: { store: { type: 'string', default: 'sqlite' }, accounts: { type: 'string', default: '100000' }, cold: { type: 'string', default: '1000' }, keep: { type: 'boolean', default: false }, redis: { type: 'boolean', default: false }, online: { type: 'boolean', default: false } } });
const kind = values.redis ? 'cluster' : values.store === 'postgres' ? 'postgres' : 'sqlite';
const n = Number(values.accounts);
const cold = Math.min(n, Number(values.cold));

/** Bulk rows through the store's own Kysely handle (its migrations made the tables). */
async function seed(store: Store, siteKeys: string[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw bulk rows into the store's own tables
  const db = store.tables() as Kysely<any>;
  const passwordHash = await hashPassword('bench-password-1');
  const now = Date.now();
  for (let start = 0; start < n; start += CHUNK) {
    const accounts: Record<string, unknown>[] = [];
    const agents: Record<string, unknown>[] = [];
    for (let a = start; a < Math.min(n, start + CHUNK); a++) {
      const id = `acc_${a}`;
      accounts.push({ id, name: `Bench ${a}`, site_key: `site_${a}`, when_offline: 'message', office_hours: a % 2 === 0 ? HOURS : null, created_at: now });
      siteKeys.push(`site_${a}`);
      for (let g = 0; g < AGENTS_PER_ACCOUNT; g++) {
        agents.push({ id: `agt_${a}_${g}`, account_id: id, email: `a${a}-${g}@bench.example`, name: `Agent ${a}.${g}`, role: g === 0 ? 'admin' : 'agent', password_hash: passwordHash, changed_at: now, intent: values.online ? 'online' : 'offline' });
      }
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('accounts').values(accounts).execute();
      for (let i = 0; i < agents.length; i += CHUNK) await tx.insertInto('agents').values(agents.slice(i, i + CHUNK)).execute();
    });
  }
}

function firstFrame(port: number, site: string): Promise<{ ms: number; status: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/widget?site=${site}`);
    ws.once('message', (data: Buffer) => {
      const ms = performance.now() - t0;
      const frame = JSON.parse(data.toString()) as { online?: boolean; reason?: string };
      ws.terminate();
      resolve({ ms, status: `${frame.online ? 'online' : 'offline'}:${frame.reason ?? ''}` });
    });
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before a frame`)));
  });
}

async function main(): Promise<void> {
  const started0 = benchStart();
  const load0 = started0.loadAvg;
  const siteKeys: string[] = [];
  const tSeed = performance.now();
  let dataDir: string | undefined;
  let schema: string | undefined;
  let prefix: string | undefined;
  let store: Store;
  if (kind === 'sqlite') {
    dataDir = mkdtempSync(join(tmpdir(), 'presence-lazy-'));
    store = await openSqliteStore(dataDir);
  } else {
    schema = `bench_lazy_${process.pid}`;
    prefix = `bench:lazy:${process.pid}:`;
    store = await openPostgresStore(PG_URL, { schema });
  }
  await seed(store, siteKeys);
  await store.close();
  const seedMs = Math.round(performance.now() - tSeed);
  console.log(`seeded ${n} accounts × ${AGENTS_PER_ACCOUNT} agents in ${kind} in ${seedMs} ms`);

  const tFork = performance.now();
  const child = await spawnChild('server-process.ts', { readyTimeoutMs: 60_000 });
  try {
    const started = await child.request<{ port: number; bootMs: number }>('start', kind === 'sqlite' ? { dataDir } : { postgres: `${PG_URL}?schema=${schema}`, ...(kind === 'cluster' ? { redis: REDIS_URL, redisPrefix: prefix } : {}) }, 600_000);
    const startupMs = Math.round(performance.now() - tFork);
    const mem = await child.request<{ rssKiB: number }>('mem');
    console.log(`start-up ${startupMs} ms (fork → listening; boot inside the process ${started.bootMs} ms), RSS before any socket ${Math.round(mem.rssKiB / 1024)} MiB`);
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    const picked = new Set<number>();
    while (picked.size < cold) picked.add(Math.floor(Math.random() * n));
    for (const i of picked) {
      const r = await firstFrame(started.port, siteKeys[i]!);
      latencies.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    const first = percentiles(latencies);
    const memAfter = await child.request<{ rssKiB: number }>('mem');
    console.log(`first widget status of ${cold} cold accounts (ms): p50 ${first.p50} p99 ${first.p99} max ${first.max}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; RSS after ${Math.round(memAfter.rssKiB / 1024)} MiB`);
    const load1 = loadAvg();
    console.log(`load average before ${load0?.join(' ')} after ${load1?.join(' ')}`);
    const out = writeResult(defaultResultsDir, `lazy-accounts-${kind}${values.online ? '-online' : ''}`, {
      params: { kind, accounts: n, agentsPerAccount: AGENTS_PER_ACCOUNT, cold, online: values.online },
      seedMs, startupMs, bootMs: started.bootMs, rssMiB: Math.round(mem.rssKiB / 1024), rssAfterMiB: Math.round(memAfter.rssKiB / 1024), firstWidgetMs: first, statuses: Object.fromEntries(statuses),
    }, started0);
    console.log(`wrote ${out}`);
    await child.request('stop', undefined, 120_000);
  } finally {
    await child.kill();
    if (!values.keep) {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema) await cleanup(schema, prefix!);
    }
  }
}

await main();
