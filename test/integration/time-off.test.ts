// Issue 18 / SPEC 11, time off on one node: a real server on loopback with a real SQLite file and an
// injected clock. During a period nothing automatic puts the agent online (each automatic reason on
// the socket and over HTTP, a timer returning to online); a manual choice and an admin still do;
// the team list and /me say "on leave until"; bad periods are refused with field errors and change
// nothing; only an admin or the agent itself may read or write them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const MIN = 60_000;
let seq = 50_000;

function statusSet(a: RawAgent, status: 'online' | 'away' | 'offline', reason: string, until?: string): Promise<{ type: string; code?: string; message?: string; version?: number }> {
  const n = seq++;
  a.send({ type: 'status.set', status, reason, seq: n, ...(until ? { until } : {}) });
  return Promise.race([a.next('ack', (m) => m.seq === n), a.next('error', (m) => m.seq === n)]);
}

describe('SPEC 11 time off', () => {
  let s: TestServer;
  let clock: ManualClock;
  // The clock starts on Wednesday 2026-11-25 10:00 UTC; the account has no office hours, so its zone is UTC.
  const leave = { periods: [{ from: '2026-11-25', to: '2026-11-27', note: 'Trip' }] };
  beforeEach(async () => {
    clock = new ManualClock();
    s = await startTestServer({ clock });
  });
  afterEach(async () => { await s.close(); });

  const me = async (token: string): Promise<{ intent: string; version: number; leaveUntil: string | null }> => (await s.api('GET', '/api/v1/me', { token })).body;

  it('refuses every automatic change to online (schedule, lock, idle, suspend, shutdown) with on_leave, and changes nothing', async () => {
    const agent = await s.createAgent();
    expect((await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token, body: leave })).body).toMatchObject({ ...leave, timezone: 'UTC', leaveUntil: '2026-11-27' });
    const a = await connectAgent(s.wsUrl, agent.token);
    const before = await me(agent.token);
    for (const reason of ['schedule', 'lock', 'idle', 'suspend', 'shutdown']) {
      const answer = await statusSet(a, 'online', reason);
      expect(answer, reason).toMatchObject({ type: 'error', code: 'on_leave' });
      expect(answer.message).toContain('2026-11-27');
      const http = await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online', reason } });
      expect(http.status, reason).toBe(409);
      expect(http.body.error.code).toBe('on_leave');
    }
    expect(await me(agent.token)).toMatchObject({ intent: before.intent, version: before.version, leaveUntil: '2026-11-27' });
    // Stepping down is still automatic and allowed: a lock may make the agent away.
    expect(await statusSet(a, 'away', 'lock')).toMatchObject({ type: 'ack', version: before.version + 1 });
    await a.bye();
  });

  it('a manual choice, over the socket and over HTTP, and an admin still put the agent online', async () => {
    const agent = await s.createAgent();
    await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: s.admin.token, body: leave });
    const a = await connectAgent(s.wsUrl, agent.token);
    expect(await statusSet(a, 'online', 'manual')).toMatchObject({ type: 'ack' });
    expect((await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'away' } })).status).toBe(200);
    expect((await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online' } })).body).toMatchObject({ intent: 'online', status: 'online', leaveUntil: '2026-11-27' });
    await s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'offline' } });
    expect((await s.api('PUT', `/api/v1/agents/${agent.id}/status`, { token: s.admin.token, body: { status: 'online' } })).body).toMatchObject({ intent: 'online' });
    await a.bye();
  });

  it('a timer that would return to online ends with the intent as it is; one returning to away still fires', async () => {
    const agent = await s.createAgent();
    const a = await connectAgent(s.wsUrl, agent.token);
    await a.setStatus('online');
    const timed = await statusSet(a, 'away', 'manual', new Date(clock.now() + 15 * MIN).toISOString());
    await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token, body: leave });
    clock.advance(15 * MIN);
    const fired = await a.next('status', (m) => m.reason === 'timer');
    expect(fired).toMatchObject({ status: 'away', until: null, version: timed.version! + 1, leaveUntil: '2026-11-27' });
    expect(await me(agent.token)).toMatchObject({ intent: 'away', version: timed.version! + 1 });

    // Without the leave the same timed status returns to online again. (No multi-day clock jumps
    // here: the webhook pollers re-arm every second on the injected clock.)
    await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token, body: { periods: [] } });
    await statusSet(a, 'online', 'manual');
    const second = await statusSet(a, 'away', 'manual', new Date(clock.now() + 15 * MIN).toISOString());
    clock.advance(15 * MIN);
    expect(await a.next('status', (m) => m.version === second.version! + 1)).toMatchObject({ status: 'online', reason: 'timer', leaveUntil: null });
    await a.bye();
  });

  it('the leave is by local date in the account zone: it starts at local midnight, and touching periods are one leave', async () => {
    const agent = await s.createAgent();
    const schedule = (timezone: string) => ({ enabled: true, timezone, weekly: {} });
    const auto = () => s.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online', reason: 'schedule' } });
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: schedule('Pacific/Auckland') });
    // 2026-11-25 10:00 UTC is 23:00 in Auckland (UTC+13): the 25th there, the 26th an hour later.
    const periods = [{ from: '2026-11-29', to: '2026-11-30' }, { from: '2026-11-26', to: '2026-11-28' }];
    const put = await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: s.admin.token, body: { periods } });
    expect(put.body).toMatchObject({ timezone: 'Pacific/Auckland', leaveUntil: null, periods: [periods[1], periods[0]] });
    expect((await auto()).status).toBe(200);
    clock.advance(60 * MIN);
    await settle();
    const team = (await s.api('GET', '/api/v1/presence', { token: agent.token })).body.agents.find((x: { id: string }) => x.id === agent.id);
    expect(team).toMatchObject({ leaveUntil: '2026-11-30' });
    expect((await auto()).status).toBe(409);
    // The same instant is still the 25th in UTC: with the account's zone UTC the leave has not begun.
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: schedule('UTC') });
    expect((await s.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token })).body).toMatchObject({ timezone: 'UTC', leaveUntil: null });
    expect((await auto()).status).toBe(200);
  });

  it('bad periods get field errors and change nothing; another agent may not read or write them', async () => {
    const agent = await s.createAgent();
    const other = await s.createAgent();
    await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token, body: leave });
    for (const [body, path] of [
      [{ periods: [{ from: '2026-11-30', to: '2026-11-29' }] }, 'periods[0].to'],
      [{ periods: [{ from: '2026-02-30', to: '2026-03-01' }] }, 'periods[0].from'],
      [{ periods: [{ from: '2026-11-01', to: '2026-11-02', extra: 1 }] }, 'periods[0]'],
      [{ periods: 'soon' }, 'periods'],
    ] as const) {
      const res = await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await s.api('GET', '/api/v1/agents/me/time-off', { token: agent.token })).body).toMatchObject(leave);
    expect((await s.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: other.token })).status).toBe(403);
    expect((await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: other.token, body: { periods: [] } })).status).toBe(403);
    expect((await s.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: s.admin.token })).body).toMatchObject(leave);
    const stranger = await s.createAccount();
    expect((await s.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: stranger.admin.token })).status).toBe(404);
    expect((await s.api('PUT', `/api/v1/agents/${agent.id}/time-off`, { token: s.admin.token, body: { periods: [] } })).body).toMatchObject({ periods: [], leaveUntil: null });
  });
});
