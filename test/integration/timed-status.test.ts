// Issue 18 / SPEC 11, timed statuses on one node: a real server on loopback with a real SQLite
// file, the timer on an injected clock. Fires exactly at `until` back to the intent before it
// (reason `timer`, version + 1), a later change cancels it, it survives a restart (fired at boot
// when the server was down at the instant), and bad `until`s are refused and change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const MIN = 60_000;
let seq = 10_000;

function setTimed(a: RawAgent, status: 'online' | 'away' | 'offline', until: string): Promise<{ type: string; version?: number; message?: string }> {
  const n = seq++;
  a.send({ type: 'status.set', status, reason: 'manual', seq: n, until });
  return Promise.race([a.next('ack', (m) => m.seq === n), a.next('error', (m) => m.seq === n)]);
}

describe('SPEC 11 timed statuses', () => {
  let s: TestServer;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    s = await startTestServer({ clock });
  });
  afterEach(async () => { await s.close(); });

  const me = async (token = s.admin.token): Promise<{ intent: string; version: number; until: string | null }> => (await s.api('GET', '/api/v1/me', { token })).body;

  it('returns to the intent before it exactly at until, with reason timer and one version more', async () => {
    const a = await connectAgent(s.wsUrl, s.admin.token);
    const online = await a.setStatus('online');
    const until = new Date(clock.now() + 15 * MIN).toISOString();
    const ack = await setTimed(a, 'away', until);
    expect(ack).toMatchObject({ type: 'ack', version: online.version + 1 });
    expect(await a.next('status', (m) => m.version === ack.version)).toMatchObject({ status: 'away', until });
    expect(await me()).toMatchObject({ intent: 'away', until });

    clock.advance(15 * MIN - 1);
    await settle();
    expect(await me()).toMatchObject({ intent: 'away', version: ack.version! });

    clock.advance(1);
    const back = await a.next('status', (m) => m.version === ack.version! + 1);
    expect(back).toMatchObject({ status: 'online', reason: 'timer', until: null, by: { kind: 'server' }, at: new Date(clock.now()).toISOString() });
    expect(await me()).toMatchObject({ intent: 'online', version: ack.version! + 1, until: null });
    await settle();
    expect(a.messages.filter((m) => m.type === 'status' && m.version > ack.version! + 1)).toHaveLength(0);
    await a.bye();
  });

  it('a later change cancels the timer', async () => {
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    const ack = await setTimed(a, 'away', new Date(clock.now() + 15 * MIN).toISOString());
    const later = await a.setStatus('offline');
    expect(later.version).toBe(ack.version! + 1);
    expect(await me()).toMatchObject({ intent: 'offline', until: null });
    clock.advance(60 * MIN);
    await settle();
    expect(await me()).toMatchObject({ intent: 'offline', version: later.version });
    await a.bye();
  });

  it('a timed status set over another keeps the first return target (online, away 15 min, away 1 h → online)', async () => {
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await setTimed(a, 'away', new Date(clock.now() + 15 * MIN).toISOString());
    const second = await setTimed(a, 'away', new Date(clock.now() + 60 * MIN).toISOString());
    clock.advance(15 * MIN);
    await settle();
    expect(await me()).toMatchObject({ intent: 'away', version: second.version! });
    clock.advance(45 * MIN);
    expect(await a.next('status', (m) => m.reason === 'timer')).toMatchObject({ status: 'online', version: second.version! + 1 });
    await a.bye();
  });

  it('is durable: a server down at until fires it at boot', async () => {
    const agent = await s.createAgent();
    await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online' } });
    const until = new Date(clock.now() + 15 * MIN).toISOString();
    const set = await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'away', until } });
    expect(set).toMatchObject({ status: 200, body: { intent: 'away', until } });
    await s.server.close();
    clock.advance(20 * MIN); // nothing runs: the server is down at the instant
    await s.restart();
    clock.advance(0); // the missed timer is due at once
    await settle();
    expect(await me(agent.token)).toMatchObject({ intent: 'online', version: set.body.version + 1, until: null });
  });

  it('an admin sets a timed status for an agent; GET /presence, the team list and /me carry until', async () => {
    const agent = await s.createAgent();
    const watcher = await connectAgent(s.wsUrl, s.admin.token);
    const until = new Date(clock.now() + 2 * 3_600_000).toISOString();
    const res = await s.api('PUT', `/api/v1/agents/${agent.id}/status`, { token: s.admin.token, body: { status: 'offline', until } });
    expect(res).toMatchObject({ status: 200, body: { intent: 'offline', until } });
    const presence = (await s.api('GET', '/api/v1/presence', { token: s.admin.token })).body as { agents: { id: string; until: string | null }[] };
    expect(presence.agents.find((x) => x.id === agent.id)?.until).toBe(until);
    expect(presence.agents.find((x) => x.id === s.admin.id)?.until).toBeNull();
    const team = await watcher.next('team', (m) => m.agents.some((x) => x.id === agent.id && x.until === until));
    expect(team.agents.find((x) => x.id === agent.id)).toMatchObject({ intent: 'offline', until });
    await watcher.bye();
  });

  it('refuses an until in the past, more than 30 days ahead or not a date, and changes nothing', async () => {
    const a = await connectAgent(s.wsUrl, s.admin.token);
    const start = await a.setStatus('online');
    const cases = [
      [new Date(clock.now()).toISOString(), /in the future/],
      [new Date(clock.now() - MIN).toISOString(), /in the future/],
      [new Date(clock.now() + 30 * 24 * 3_600_000 + 1000).toISOString(), /at most 30 days/],
    ] as const;
    for (const [until, message] of cases) {
      expect(await setTimed(a, 'away', until)).toMatchObject({ type: 'error', code: 'validation_failed', message: expect.stringMatching(message) });
      const http = await s.api('PUT', '/api/v1/agents/me/status', { token: s.admin.token, body: { status: 'away', until } });
      expect(http).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'until' }] } } });
    }
    expect(await setTimed(a, 'away', 'tomorrow')).toMatchObject({ type: 'error', code: 'validation_failed', message: expect.stringMatching(/until/) });
    expect((await s.api('PUT', '/api/v1/agents/me/status', { token: s.admin.token, body: { status: 'away', until: 'tomorrow' } })).status).toBe(400);
    const agent = await s.createAgent();
    expect((await s.api('PUT', `/api/v1/agents/${agent.id}/status`, { token: s.admin.token, body: { status: 'away', until: '2020-01-01T00:00:00Z' } })).status).toBe(400);
    expect(await me()).toMatchObject({ intent: 'online', version: start.version, until: null });
    expect(a.ws.readyState).toBe(a.ws.OPEN);
    // Exactly 30 days is allowed.
    expect(await setTimed(a, 'away', new Date(clock.now() + 30 * 24 * 3_600_000).toISOString())).toMatchObject({ type: 'ack', version: start.version + 1 });
    await a.bye();
  });
});
