// Issue 18 / SPEC 11: `presencectl status away --for 15m | --until 13:30` against a real server on
// loopback (presencectl's main() in this process). The server stores the `until` the option names,
// the human output says "away until …", and bad values are usage errors that change nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-here.js';
import { untilFromHHMM } from '../../src/cli/presencectl-timed.js';
import { startTestServer, type TestAgent, type TestServer } from '../helpers/server.js';


const runHere = (args: string[], config: string, input = '') => runCliHere(args, config, input, { PRESENCECTL_LANG: 'en' });

let server: TestServer;
let agent: TestAgent;
let config: string;
beforeAll(async () => {
  server = await startTestServer();
  agent = await server.createAgent({ name: 'Timed Agent' });
  config = join(mkdtempSync(join(tmpdir(), 'presencectl-timed-')), 'cli.json');
  const login = await runHere(['login', '--server', server.url, '--email', agent.email], config, `${agent.password}\n`);
  expect(login).toMatchObject({ code: 0, stderr: '' });
});
afterAll(async () => { await server?.close(); });

const me = async (): Promise<{ intent: string; until: string | null; version: number }> => (await server.api('GET', '/api/v1/me', { token: agent.token })).body;

describe('SPEC 11: presencectl status with --for and --until', () => {
  it('--for 15m sets away until 15 minutes from now, and says so', async () => {
    await runHere(['status', 'online'], config);
    const before = Date.now();
    const set = await runHere(['status', 'away', '--for', '15m'], config);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toMatch(/away until .*, then back to the status before/);
    const row = await me();
    expect(row.intent).toBe('away');
    const until = Date.parse(row.until!);
    expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });

  it('--until HH:MM is the next such local time; --until takes an ISO instant too', async () => {
    const now = Date.now();
    const hhmm = new Date(now + 2 * 3_600_000);
    const text = `${String(hhmm.getHours()).padStart(2, '0')}:${String(hhmm.getMinutes()).padStart(2, '0')}`;
    const set = await runHere(['status', 'away', '--until', text, '--json'], config);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(set.stdout)).toMatchObject({ intent: 'away', until: untilFromHHMM(text, now) });
    expect(new Date(Date.parse((await me()).until!)).getHours()).toBe(hhmm.getHours());
    const iso = new Date(now + 3_600_000).toISOString();
    expect((await runHere(['status', 'offline', '--until', iso], config)).code).toBe(0);
    expect(await me()).toMatchObject({ intent: 'offline', until: iso });
  });

  it('HH:MM already past today means tomorrow', () => {
    const now = new Date(2026, 10, 25, 14, 0, 0).getTime();
    expect(untilFromHHMM('13:30', now)).toBe(new Date(2026, 10, 26, 13, 30, 0).toISOString());
    expect(untilFromHHMM('14:30', now)).toBe(new Date(2026, 10, 25, 14, 30, 0).toISOString());
    expect(untilFromHHMM('25:00', now)).toBeNull();
  });

  it('bad values are usage errors (exit 2) with the reason, and change nothing', async () => {
    const before = await me();
    for (const [args, words] of [
      [['status', 'away', '--for', 'soon'], '--for must be a duration'],
      [['status', 'away', '--for', '31d'], 'at most 30 days ahead'],
      [['status', 'away', '--until', '2020-01-01T00:00:00Z'], 'must be in the future'],
      [['status', 'away', '--until', 'teatime'], 'ISO 8601'],
      [['status', 'away', '--for', '5m', '--until', '13:30'], 'not both'],
      [['status', '--for', '5m'], 'need a status'],
    ] as const) {
      const res = await runHere([...args], config);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain(words);
    }
    expect(await me()).toMatchObject({ version: before.version, intent: before.intent });
  });
});
