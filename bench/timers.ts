// Issue 18: timed-status accuracy under load. One real presence server (in this process, real SQLite
// file, the system clock) holds N agents with a pending timed status each, their `until`s spread
// evenly over WINDOW ms; each fire delay is the time from `until` to the committed return in the
// store (the conditional update, StatusTimers → hub.fireTimer → Store.setIntentIf). Prints p50,
// p99 and max, and the load average.
//   npx tsx bench/timers.ts [N=10000] [WINDOW=5000] [AGENTS_PER_ACCOUNT=10]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { startPresenceServer } from '../src/server/app.js';
import { createAccount } from '../src/server/setup.js';
import { openSqliteStore } from '../src/server/store/sqlite.js';
import { percentiles } from './lib/common.js';

const n = Number(process.argv[2] ?? 10_000);
const windowMs = Number(process.argv[3] ?? 5_000);
/** Agents per account: each firing recomputes its account's chat boxes, which costs O(agents of the account). */
const perAccount = Number(process.argv[4] ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'presence-timers-'));
const store = await openSqliteStore(dataDir);
const ids: string[] = [];
const accounts: string[] = [];
for (let i = 0; i < n; i++) {
  if (i % perAccount === 0) accounts.push((await createAccount(store, { account: `Timers ${i}`, email: `timers${i}@bench.example`, password: 'bench-password' })).accountId);
  ids.push((await store.createAgent(accounts.at(-1)!, { email: `a${i}@bench.example`, name: `Agent ${i}`, role: 'agent', passwordHash: 'x', groupIds: [] })).id);
}

// Commit instants of the timers' returns, taken when the conditional update has resolved.
const until = new Map<string, number>();
const delays: number[] = [];
const setIntentIf = store.setIntentIf.bind(store);
store.setIntentIf = async (agentId, version, change, extra) => {
  const row = await setIntentIf(agentId, version, change, extra);
  if (row && change.reason === 'timer') delays.push(Date.now() - until.get(agentId)!);
  return row;
};

const server = await startPresenceServer({ store, dataDir, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
// N timed statuses written in one transaction (a second SQLite connection, as N round trips through
// the API would take minutes on a loaded machine), then the hub reloads the account and arms every
// timer from its row, as it does at boot and after a missed bus message.
const base = Date.now() + 3_000 + n / 2;
const t0 = Date.now();
const raw = new Database(join(dataDir, 'presence.sqlite'));
raw.pragma('busy_timeout = 5000');
const update = raw.prepare("update agents set intent = 'away', reason = 'manual', version = version + 1, timer_until = ?, timer_revert = 'offline' where id = ?");
raw.transaction(() => {
  for (let i = 0; i < n; i++) {
    const at = base + Math.floor((i * windowMs) / n);
    until.set(ids[i]!, at);
    update.run(at, ids[i]!);
  }
})();
raw.close();
for (const accountId of accounts) await server.hub.configChanged(accountId, 'agent');
const setupMs = Date.now() - t0;
if (Date.now() >= base) throw new Error(`arming ${n} timers took ${setupMs} ms, past the first until; nothing measured`);
const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
process.stdout.write(`${n} timed statuses in ${accounts.length} accounts of ${perAccount} agents, written and armed in ${setupMs} ms; first until in ${base - Date.now()} ms, window ${windowMs} ms; load ${loadBefore}\n`);
const deadline = base + windowMs + 60_000;
while (delays.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
await server.close();
const p = percentiles(delays);
process.stdout.write(`fired ${p.n}/${n}: fire delay p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms (until → committed return); load ${loadAfter}\n`);
if (p.n !== n) process.exitCode = 1;
