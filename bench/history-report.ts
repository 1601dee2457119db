// `npm run bench:history [-- --days 365 --agents 50 --changes 100 --runs 30 --no-pg]` (issue 16):
// the coverage report over a year of history, 50 agents with 100 status changes each per day, on
// SQLite and PostgreSQL side by side. Reports p50/p99 of the whole request path below HTTP
// (store reads + the pure report) and the event log's size per million events.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validateOfficeHours } from '../src/common/office-hours.js';
import { localDays } from '../src/common/report-intervals.js';
import { HistoryStore } from '../src/server/history/history-store.js';
import { loadAgents, loadCoverage } from '../src/server/history/report-data.js';
import { openPostgresStore } from '../src/server/store/postgres.js';
import { openSqliteStore } from '../src/server/store/sqlite.js';
import type { ExtraRow, Store } from '../src/server/store/store.js';
import { cleanup, PG_URL } from '../test/helpers/cluster.js';
import { defaultResultsDir, now, percentiles, type Percentiles } from './lib/common.js';

const { values: v } = parseArgs({ options: {
  days: { type: 'string', default: '365' }, agents: { type: 'string', default: '50' }, changes: { type: 'string', default: '100' },
  runs: { type: 'string', default: '30' }, 'no-pg': { type: 'boolean', default: false },
} });
const DAYS = Number(v.days);
const AGENTS = Number(v.agents);
const CHANGES = Number(v.changes);
const RUNS = Number(v.runs);
const ZONE = 'Europe/Prague';
const FIRST = '2025-12-01';
const DAY = 86_400_000;
const STATUSES = ['online', 'away', 'offline'] as const;

let seed = 42;
const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

/** Every agent's changes, and the website's and a one-agent group's chat box changes derived from them. */
function* simulate(start: number): Generator<ExtraRow[]> {
  const status = Array.from({ length: AGENTS }, () => 'offline' as string);
  let online = 0;
  let version = 0;
  for (let d = 0; d < DAYS; d++) {
    const day: { at: number; agent: number }[] = [];
    for (let a = 0; a < AGENTS; a++) for (let i = 0; i < CHANGES; i++) day.push({ at: start + d * DAY + Math.floor(random() * DAY), agent: a });
    day.sort((x, y) => x.at - y.at);
    const rows: ExtraRow[] = [];
    for (const { at, agent } of day) {
      const before = status[agent]!;
      const next = STATUSES.filter((s) => s !== before)[Math.floor(random() * 2)]!;
      status[agent] = next;
      version += 1;
      rows.push({ table: 'history_agent_events', values: { account_id: 'acc', agent_id: `agent-${agent}`, at, intent: next, status: next, version, reason: 'manual', by_device_id: 'dev', by_kind: 'desktop' } });
      const was = online > 0;
      online += (next === 'online' ? 1 : 0) - (before === 'online' ? 1 : 0);
      if (was !== online > 0) rows.push({ table: 'history_box_events', values: { account_id: 'acc', box: '', at, online: online > 0 ? 1 : 0, reason: online > 0 ? 'agents_online' : 'no_agents_online', cause: 'intent' } });
      if (agent === 0 && (before === 'online') !== (next === 'online')) rows.push({ table: 'history_box_events', values: { account_id: 'acc', box: 'solo', at, online: next === 'online' ? 1 : 0, reason: 'x', cause: 'intent' } });
    }
    yield rows;
  }
}

interface Side { store: string; events: number; boxEvents: number; loadSeconds: number; bytes: number; bytesPerMillionEvents: number; website: Percentiles; soloGroup: Percentiles; agentsReportMs: number }

async function measure(name: 'sqlite' | 'postgres', store: Store, size: () => Promise<number>): Promise<Side> {
  const history = HistoryStore.open(store.tables());
  const hours = validateOfficeHours({ enabled: true, timezone: ZONE, weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]])), exceptions: [{ date: '2025-12-24', intervals: [] }] });
  if (!hours.ok) throw new Error('schedule');
  const days = localDays(FIRST, new Date(Date.parse(FIRST) + (DAYS - 1) * DAY).toISOString().slice(0, 10), ZONE)!;
  for (const box of ['', 'solo']) await history.recordSchedule('acc', box, days[0]!.start - DAY, hours.value);
  const t0 = now();
  let events = 0;
  let boxEvents = 0;
  for (const rows of simulate(days[0]!.start)) {
    // Multi-row inserts (the product writes one event per change; this only fills the log fast).
    for (const table of ['history_agent_events', 'history_box_events'] as const) {
      const values = rows.filter((r) => r.table === table).map((r) => r.values);
      for (let i = 0; i < values.length; i += 1000) await store.tables().insertInto(table as never).values(values.slice(i, i + 1000) as never).execute();
    }
    events += rows.length;
    boxEvents += rows.filter((r) => r.table === 'history_box_events').length;
  }
  const loadSeconds = Math.round((now() - t0) / 100) / 10;
  const run = async (box: string): Promise<Percentiles> => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = now();
      const r = await loadCoverage(history, { accountId: 'acc', box, zone: ZONE, days, current: hours.value, now: days[days.length - 1]!.end });
      ms.push(now() - s);
      if (r.days.length !== days.length) throw new Error('bad report');
    }
    return percentiles(ms);
  };
  const website = await run('');
  const soloGroup = await run('solo');
  const a0 = now();
  await loadAgents(history, { agents: Array.from({ length: AGENTS }, (_, a) => ({ id: `agent-${a}`, name: `Agent ${a}` })), zone: ZONE, days, now: days[days.length - 1]!.end });
  const agentsReportMs = Math.round(now() - a0);
  const bytes = await size();
  return { store: name, events, boxEvents, loadSeconds, bytes, bytesPerMillionEvents: Math.round((bytes / events) * 1e6), website, soloGroup, agentsReportMs };
}

const results: Side[] = [];
const dir = mkdtempSync(join(tmpdir(), 'presence-bench-history-'));
const sqlite = await openSqliteStore(dir);
results.push(await measure('sqlite', sqlite, async () => { await sqlite.close(); return statSync(join(dir, 'presence.sqlite')).size; }));
console.log(JSON.stringify(results[0]));
if (!v['no-pg']) {
  const schema = `bench_history_${Date.now().toString(36)}`;
  const pg = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
  try {
    results.push(await measure('postgres', pg, async () => {
      const r = await pg.tables().selectNoFrom((eb) => eb.fn<number>('pg_total_relation_size', [eb.val(`${schema}.history_agent_events`)]).as('a')).executeTakeFirst();
      const b = await pg.tables().selectNoFrom((eb) => eb.fn<number>('pg_total_relation_size', [eb.val(`${schema}.history_box_events`)]).as('b')).executeTakeFirst();
      return Number((r as { a: number }).a) + Number((b as { b: number }).b);
    }));
    console.log(JSON.stringify(results[1]));
  } finally {
    await pg.close();
    await cleanup(schema, `bench:${schema}:`);
  }
}
const out = { bench: 'history-report', days: DAYS, agents: AGENTS, changesPerAgentPerDay: CHANGES, runs: RUNS, loadavg: (await import('node:os')).loadavg(), results };
writeFileSync(join(defaultResultsDir, 'history-report.json'), `${JSON.stringify(out, null, 2)}\n`);
