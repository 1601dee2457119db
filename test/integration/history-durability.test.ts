// SPEC 9: an acknowledged change always has its event (kill -9 of a child-process server), and
// pruning keeps what a report needs (the state in force at the cutoff) on SQLite and PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { cleanup, clusterServicesAvailable, PG_URL } from '../helpers/cluster.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer } from '../helpers/server.js';
import { spawnServer } from '../helpers/server-process.js';
import { HistoryStore } from '../../src/server/history/history-store.js';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import type { Store } from '../../src/server/store/store.js';

const pgAvailable = await clusterServicesAvailable();
const DAY = 86_400_000;

describe('SPEC 9 history durability', () => {
  it('kill -9 right after the acks: every acknowledged change has its event, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'presence-history-kill-'));
    const store = await openSqliteStore(dataDir);
    await createAccount(store, { account: 'Kill', email: 'kill@test.example', password: 'password-123' });
    await store.close();
    const acked: number[] = [];
    for (let round = 0; round < 2; round++) {
      const server = await spawnServer(['--port', '0', '--data', dataDir]);
      const login = await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@test.example', password: 'password-123' }) })).json();
      const dev = await connectAgent(server.url.replace('http', 'ws'), login.token);
      for (let i = 0; i < 15; i++) acked.push((await dev.setStatus((['online', 'away', 'offline'] as const)[(i + round) % 3]!)).version);
      server.child.kill('SIGKILL');
      await server.exited;
      dev.ws.terminate();
    }
    const check = await openSqliteStore(dataDir);
    try {
      const agent = (await check.getAgentByEmail('kill@test.example'))!;
      const events = await HistoryStore.open(check.tables()).agentEvents(agent.id, 0, Date.now() + DAY);
      expect(events.rows.filter((e) => e.reason === 'manual').map((e) => e.version)).toEqual(acked);
    } finally {
      await check.close();
    }
  }, 90_000);

  it('a server with --history-days prunes what is older and keeps the state in force at the cutoff', async () => {
    const clock = new ManualClock(Date.parse('2026-06-01T10:00:00Z'));
    const s = await startTestServer({ clock, historyDays: 2 });
    try {
      const dev = await connectAgent(s.wsUrl, s.admin.token);
      await dev.setStatus('online');
      clock.advance(3_600_000);
      await dev.setStatus('away');
      clock.advance(3 * DAY);
      await dev.setStatus('online');
      expect(await s.server.history.prune()).toBeGreaterThan(0);
      const h = await s.api('GET', `/api/v1/agents/me/history?from=${new Date(Date.parse('2026-06-01T00:00:00Z')).toISOString()}`, { token: s.admin.token });
      // The first "online" is gone; "away" stays as the state at the cutoff; the new change is there.
      expect(h.body.events.map((e: { status: string }) => e.status)).toEqual(['away', 'online']);
      await dev.bye();
    } finally {
      await s.close();
    }
  }, 30_000);

  const stores: [string, () => Promise<{ store: Store; done(): Promise<void> }>][] = [
    ['SQLite', async () => {
      const store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-prune-')));
      return { store, done: () => store.close() };
    }],
  ];
  if (pgAvailable) {
    stores.push(['PostgreSQL', async () => {
      const schema = `t_prune_${Date.now().toString(36)}`;
      const store = await openPostgresStore(PG_URL, { schema, poolSize: 2 });
      return { store, done: async () => { await store.close(); await cleanup(schema, `test:prune:${schema}:`); } };
    }]);
  }

  it.each(stores)('prune on %s: old rows go, the newest row before the cutoff of each agent and box stays, duplicates are ignored', async (_name, open) => {
    const { store, done } = await open();
    try {
      const agentRow = (agent: string, at: number, version: number) => ({
        table: 'history_agent_events', ignoreDuplicate: true,
        values: { account_id: 'acc', agent_id: agent, at, intent: 'online', status: 'online', version, reason: 'manual', by_device_id: null, by_kind: 'web' },
      });
      const boxRow = (box: string, at: number, online: boolean) => ({ table: 'history_box_events', ignoreDuplicate: true, values: { account_id: 'acc', box, at, online: online ? 1 : 0, reason: 'agents_online', cause: 'intent' } });
      await store.appendRows([agentRow('a', 100, 1), agentRow('a', 200, 2), agentRow('a', 900, 3), agentRow('b', 150, 1), boxRow('', 100, true), boxRow('', 300, false), boxRow('g', 50, true)]);
      // The same change recorded by a second node: no second row, no error.
      await store.appendRows([agentRow('a', 200, 2), boxRow('', 300, false)]);
      const history = HistoryStore.open(store.tables());
      expect(await history.prune(500)).toBe(2);
      expect((await history.agentEvents('a', 0, 1000)).rows.map((e) => e.at)).toEqual([200, 900]);
      expect((await history.agentEvents('b', 0, 1000)).rows.map((e) => e.at)).toEqual([150]);
      expect((await history.boxEvents('acc', '', 0, 1000)).rows.map((e) => e.at)).toEqual([300]);
      expect((await history.boxEvents('acc', 'g', 0, 1000)).rows.map((e) => e.at)).toEqual([50]);
      expect(await history.boxEvents('acc', '', 400, 1000)).toEqual({ initial: { at: 300, online: false }, rows: [] });
    } finally {
      await done();
    }
  }, 30_000);
});
