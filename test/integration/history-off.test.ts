// `--history-days 0` (issue 16, docs/decisions.md): the history is off. Status changes are
// acknowledged and fanned out as usual, the event log gets no row, the reports answer 503
// `unavailable` saying why, and rows from an earlier run with history on are left alone.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startPresenceServer } from '../../src/server/app.js';
import { createAccount } from '../../src/server/setup.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import { connectAgent } from '../helpers/agent-socket.js';
import { spawnServer } from '../helpers/server-process.js';
import { widgetSocket } from '../helpers/server.js';

const entry = fileURLToPath(new URL('../helpers/server-entry.ts', import.meta.url));
const TABLES = ['history_agent_events', 'history_box_events', 'history_schedules'] as const;

async function rowCounts(dataDir: string): Promise<Record<string, number>> {
  const store = await openSqliteStore(dataDir);
  try {
    const counts: Record<string, number> = {};
    for (const t of TABLES) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(store.tables());
      counts[t] = Number(rows[0]!.n);
    }
    return counts;
  } finally {
    await store.close();
  }
}

async function session(url: string): Promise<{ token: string; siteKey: string }> {
  const login = await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'off@test.example', password: 'password-123' }) })).json() as { token: string };
  const account = await (await fetch(`${url}/api/v1/account`, { headers: { authorization: `Bearer ${login.token}` } })).json() as { siteKey: string };
  return { token: login.token, siteKey: account.siteKey };
}

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('SPEC 9 history off (--history-days 0)', () => {
  it('acknowledges and fans out changes, writes no event, answers the reports with 503 and keeps earlier rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'presence-history-off-'));
    const setup = await openSqliteStore(dataDir);
    await createAccount(setup, { account: 'Off', email: 'off@test.example', password: 'password-123' });
    await setup.close();

    // A first run with history on leaves some rows: the switch must not delete them.
    const on = await spawnServer(['--port', '0', '--data', dataDir]);
    const first = await session(on.url);
    const dev1 = await connectAgent(on.url.replace('http', 'ws'), first.token);
    await dev1.setStatus('online');
    await dev1.setStatus('offline');
    dev1.ws.terminate();
    on.child.kill('SIGTERM');
    await on.exited;
    const before = await rowCounts(dataDir);
    expect(before.history_agent_events).toBeGreaterThan(0);

    const off = await spawnServer(['--port', '0', '--data', dataDir, '--history-days', '0']);
    try {
      const { token, siteKey } = await session(off.url);
      const widget = await widgetSocket({ url: off.url, siteKey });
      const dev = await connectAgent(off.url.replace('http', 'ws'), token);
      const acked = [];
      for (const s of ['online', 'away', 'online', 'offline'] as const) acked.push((await dev.setStatus(s)).version);
      expect(acked).toHaveLength(4);
      // Visitors still see the changes: history off changes nothing on the presence path.
      await widget.next((m) => m.online === true);
      await widget.next((m) => m.online === false);

      const auth = { authorization: `Bearer ${token}` };
      for (const path of ['/api/v1/agents/me/history?from=2026-01-01T00:00:00Z', '/api/v1/reports/coverage?from=2026-01-01&to=2026-01-02', '/api/v1/reports/agents?from=2026-01-01&to=2026-01-02']) {
        const res = await fetch(`${off.url}${path}`, { headers: auth });
        expect(res.status, path).toBe(503);
        const body = await res.json() as { error: { code: string; message: string } };
        expect(body.error.code).toBe('unavailable');
        expect(body.error.message).toContain('--history-days 0');
      }
      // The team list has no "since" to give rather than a wrong one.
      const presence = await (await fetch(`${off.url}/api/v1/presence`, { headers: auth })).json() as { agents: { since?: unknown }[] };
      expect(presence.agents.length).toBeGreaterThan(0);
      for (const a of presence.agents) expect(a.since).toBeUndefined();
      widget.close();
      await dev.bye();
    } finally {
      off.child.kill('SIGTERM');
      await off.exited;
    }
    // Not one row more (schedules, boot statuses, the four changes, the chat box), none fewer.
    expect(await rowCounts(dataDir)).toEqual(before);
  }, 60_000);

  it.each([['-1'], ['1.5'], ['none'], ['']])('refuses --history-days %j at start with a usage error', async (value) => {
    const { code, stderr } = await runCli(['--port', '0', '--data', mkdtempSync(join(tmpdir(), 'presence-history-arg-')), `--history-days=${value}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--history-days must be a (number from 0 to 36500|whole number of days \(0 = record no history\))/);
  }, 30_000);

  it('startPresenceServer refuses a negative or fractional historyDays before opening anything', async () => {
    for (const historyDays of [-1, 0.5]) {
      await expect(startPresenceServer({ port: 0, dataDir: '/nonexistent/never-opened', historyDays })).rejects.toThrow(/historyDays must be a whole number, 0 for no history/);
    }
  });
});
