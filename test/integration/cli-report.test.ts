// `presencectl report coverage` (issue 16) against a real server: the human table, --json (the
// API's object) and --csv (the server's CSV), and the usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-here.js';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';


const cli = (args: string[], config: string, lang = 'en') => runCliHere(args, config, '', { PRESENCECTL_LANG: lang });

describe('presencectl report coverage', () => {
  let s: TestServer;
  let config: string;
  let agentConfig: string;
  // Monday 2026-06-15 in Prague; open 09:00–17:00, the admin online 10:00–16:00.
  const clock = new ManualClock(Date.parse('2026-06-14T22:00:00Z'));

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const hours = { enabled: true, timezone: 'Europe/Prague', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]])) };
    expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours })).status).toBe(200);
    const dev = await connectAgent(s.wsUrl, s.admin.token);
    clock.set(Date.parse('2026-06-15T08:00:00Z'));
    await dev.setStatus('online');
    clock.set(Date.parse('2026-06-15T14:00:00Z'));
    await dev.setStatus('offline');
    clock.set(Date.parse('2026-06-16T22:00:00Z'));
    await dev.bye();
    const dir = mkdtempSync(join(tmpdir(), 'presencectl-report-'));
    config = join(dir, 'cli.json');
    writeFileSync(config, JSON.stringify({ server: s.url, token: s.admin.token }), { mode: 0o600 });
    agentConfig = join(dir, 'agent.json');
    const agent = await s.createAgent();
    writeFileSync(agentConfig, JSON.stringify({ server: s.url, token: agent.token }), { mode: 0o600 });
  });
  afterAll(async () => { await s?.close(); });

  it('prints a table per day with the gaps, and totals', async () => {
    const r = await cli(['report', 'coverage', '--from', '2026-06-15', '--to', '2026-06-16'], config);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Coverage of the website from 2026-06-15 to 2026-06-16 (days in Europe/Prague)');
    expect(lines[1]!.split(/\s+/)).toEqual(['date', 'open', 'covered', 'uncovered', 'coverage']);
    expect(lines[2]!.split(/\s+/)).toEqual(['2026-06-15', '8:00:00', '6:00:00', '2:00:00', '75%']);
    expect(lines[3]!.trim()).toBe('gap 2026-06-15T09:00:00+02:00 – 2026-06-15T10:00:00+02:00');
    expect(lines[4]!.trim()).toBe('gap 2026-06-15T16:00:00+02:00 – 2026-06-15T17:00:00+02:00');
    expect(lines[5]!.split(/\s+/)).toEqual(['2026-06-16', '8:00:00', '0:00:00', '8:00:00', '0%']);
    expect(lines.at(-1)!.split(/\s+/)).toEqual(['total', '16:00:00', '6:00:00', '10:00:00', '37.5%']);
  });

  it('--json is the API object, --csv the server\'s CSV', async () => {
    const json = await cli(['report', 'coverage', '--from', '2026-06-15', '--to', '2026-06-15', '--json'], config);
    expect(JSON.parse(json.stdout)).toMatchObject({ timezone: 'Europe/Prague', totals: { openSeconds: 28_800, coveredSeconds: 21_600, coverage: 0.75 } });
    const csv = await cli(['report', 'coverage', '--from', '2026-06-15', '--to', '2026-06-15', '--csv'], config);
    const server = await fetch(`${s.url}/api/v1/reports/coverage?from=2026-06-15&to=2026-06-15&format=csv`, { headers: { authorization: `Bearer ${s.admin.token}` } });
    expect(csv.stdout).toBe(await server.text());
  });

  it('in Czech, and the usage and permission errors with their exit codes', async () => {
    const cs = await cli(['report', 'coverage', '--from', '2026-06-15', '--to', '2026-06-15'], config, 'cs');
    expect(cs.stdout.split('\n')[1]!.split(/\s+/)).toEqual(['datum', 'otevřeno', 'pokryto', 'nepokryto', 'pokrytí']);
    expect((await cli(['report', 'coverage', '--from', '2026-06-15'], config)).code).toBe(2);
    expect((await cli(['report', 'nonsense', '--from', '2026-06-15', '--to', '2026-06-15'], config)).code).toBe(2);
    const bad = await cli(['report', 'coverage', '--from', '2026-06-31', '--to', '2026-07-01'], config);
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/from/);
    expect((await cli(['report', 'coverage', '--from', '2026-06-15', '--to', '2026-06-15'], agentConfig)).code).toBe(6);
  });
});
