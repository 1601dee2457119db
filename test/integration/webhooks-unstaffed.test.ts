// SPEC 10 unstaffed alert on an injected clock: a chat box inside its office hours with nobody
// online gets coverage.gap.started exactly at the threshold, nothing when someone returns inside
// it, coverage.gap.ended when someone is online again or the hours close, and a restart neither
// repeats the start nor loses the end. Events reach a real receiver through the outbox.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookStore } from '../../src/server/webhooks/webhook-store.js';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { everyDay } from '../helpers/office-hours-fixtures.js';

const hours = everyDay();
const MIN = 60_000;

let s: TestServer | undefined;
let r: Receiver | undefined;
let dev: RawAgent | undefined;
afterEach(async () => {
  dev?.ws.terminate();
  await s?.close();
  await r?.close();
  s = r = dev = undefined;
});

/** A server at `start` (UTC) with office hours 09–17, a receiver of the coverage events, and one agent online. */
async function world(start: string): Promise<{ s: TestServer; r: Receiver; clock: ManualClock; dev: RawAgent }> {
  const clock = new ManualClock(Date.parse(start));
  r = await startReceiver();
  s = await startTestServer({ webhooksAllowPrivate: true, clock, graceMs: 3_600_000 });
  expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours })).status).toBe(200);
  expect((await s.api('POST', '/api/v1/webhooks', { token: s.admin.token, body: { url: r.url, events: ['coverage.gap.started', 'coverage.gap.ended'] } })).status).toBe(201);
  dev = await connectAgent(s.wsUrl, s.admin.token);
  await dev.setStatus('online');
  await settle(200);
  return { s, r, clock, dev };
}

const types = (rec: Receiver) => rec.received.map((x) => `${x.json.type} ${x.json.at}`);

describe('SPEC 10 unstaffed alert: coverage.gap.started once the threshold has passed', () => {
  it('starts exactly at since + 5 min (the default), not a millisecond before', async () => {
    const w = await world('2026-11-25T10:00:00Z');
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(5 * MIN - 1);
    await settle(500);
    expect(w.r.received).toEqual([]);
    w.clock.advance(1);
    const [started] = await w.r.waitFor(1);
    expect(started!.json).toMatchObject({ type: 'coverage.gap.started', at: '2026-11-25T10:05:00.000Z', data: { groupId: null, since: '2026-11-25T10:00:00.000Z' } });
    w.clock.advance(30 * MIN);
    await settle(500);
    expect(w.r.received).toHaveLength(1);
  });

  it('nothing at all when someone comes back inside the threshold', async () => {
    const w = await world('2026-11-25T10:00:00Z');
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(4 * MIN);
    await w.dev.setStatus('online');
    await settle(300);
    w.clock.advance(20 * MIN);
    await settle(500);
    expect(w.r.received).toEqual([]);
  });

  it('follows the account\'s alerts.unstaffedMinutes; 0 switches it off', async () => {
    const w = await world('2026-11-25T10:00:00Z');
    const patched = await w.s.api('PATCH', '/api/v1/account', { token: w.s.admin.token, body: { alerts: { unstaffedMinutes: 2 } } });
    expect(patched.body.alerts).toEqual({ unstaffedMinutes: 2 });
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(2 * MIN);
    expect((await w.r.waitFor(1))[0]!.json).toMatchObject({ type: 'coverage.gap.started', at: '2026-11-25T10:02:00.000Z' });
    await w.s.api('PATCH', '/api/v1/account', { token: w.s.admin.token, body: { alerts: { unstaffedMinutes: 0 } } });
    w.clock.advance(2_000);
    expect((await w.r.waitFor(2))[1]!.json).toMatchObject({ type: 'coverage.gap.ended', data: { reason: 'alert_off' } });
    const bad = await w.s.api('PATCH', '/api/v1/account', { token: w.s.admin.token, body: { alerts: { unstaffedMinutes: -1 } } });
    expect(bad.status).toBe(400);
    expect((await w.s.api('GET', '/api/v1/account', { token: w.s.admin.token })).body.alerts).toEqual({ unstaffedMinutes: 0 });
  });
});

describe('SPEC 10 unstaffed alert: coverage.gap.ended', () => {
  it('ends when someone is online again', async () => {
    const w = await world('2026-11-25T10:00:00Z');
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(6 * MIN);
    await w.r.waitFor(1);
    await w.dev.setStatus('online');
    const [, ended] = await w.r.waitFor(2);
    expect(ended!.json).toMatchObject({ type: 'coverage.gap.ended', at: '2026-11-25T10:06:00.000Z', data: { groupId: null, since: '2026-11-25T10:00:00.000Z', reason: 'online' } });
  });

  it('ends at the office-hours close, dated at the close', async () => {
    const w = await world('2026-11-25T16:40:00Z');
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(10 * MIN);
    await w.r.waitFor(1);
    w.clock.advance(10 * MIN);
    const [started, ended] = await w.r.waitFor(2);
    expect(started!.json.at).toBe('2026-11-25T16:45:00.000Z');
    expect(ended!.json).toMatchObject({ type: 'coverage.gap.ended', at: '2026-11-25T17:00:00.000Z', data: { reason: 'closed', endedAt: '2026-11-25T17:00:00.000Z' } });
    w.clock.advance(60 * MIN);
    await settle(500);
    expect(types(w.r)).toHaveLength(2);
  });

  it('a restart keeps the started gap (no second start) and still sends its end', async () => {
    const w = await world('2026-11-25T10:00:00Z');
    await w.dev.setStatus('offline');
    await settle(300);
    w.clock.advance(6 * MIN);
    await w.r.waitFor(1);
    // Let the sender record the 200 first: a delivery cut by the restart would rightly be sent
    // again (same event id, at least once), which is not what this test is about.
    const [hook] = (await w.s.api('GET', '/api/v1/webhooks', { token: w.s.admin.token })).body.webhooks;
    for (let i = 0; i < 100 && (await w.s.api('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: w.s.admin.token })).body.attempts.length === 0; i++) await settle(50);
    w.dev.ws.terminate();
    await w.s.restart();
    w.clock.advance(10 * MIN);
    await settle(500);
    expect(types(w.r)).toEqual(['coverage.gap.started 2026-11-25T10:05:00.000Z']);
    dev = await connectAgent(w.s.wsUrl, w.s.admin.token);
    await dev.setStatus('online');
    const [, ended] = await w.r.waitFor(2);
    expect(ended!.json).toMatchObject({ type: 'coverage.gap.ended', data: { since: '2026-11-25T10:00:00.000Z', reason: 'online' } });
  });
});

describe('SPEC 10 unstaffed alert without any endpoint: what a connected admin sees', () => {
  const alerts = async (srv: TestServer) => (await srv.api('GET', '/api/v1/alerts', { token: srv.admin.token })).body.gaps as { groupId: string | null; since: string }[];

  it('an admin with a device connected gets the gap in GET /alerts (banner, tray) with the chat box\'s own since; none while only agents are connected', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    s = await startTestServer({ clock, graceMs: 3_600_000 });
    expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours })).status).toBe(200);
    const agent = await s.createAgent();
    const agentDev = await connectAgent(s.wsUrl, agent.token);
    await agentDev.setStatus('online');
    await settle(200);
    await agentDev.setStatus('offline');
    await settle(300);
    // Nobody online since 10:00, only a non-admin connected: nobody would see a banner.
    clock.advance(10 * MIN);
    await settle(500);
    expect(await alerts(s)).toEqual([]);
    // The admin opens the dashboard or the tray at 10:10: the gap is there, dated from 10:00.
    dev = await connectAgent(s.wsUrl, s.admin.token, { kind: 'web' });
    clock.advance(2_000);
    await settle(500);
    expect(await alerts(s)).toEqual([expect.objectContaining({ groupId: null, since: '2026-11-25T10:00:00.000Z' })]);
    // Someone comes online: the gap ends.
    await agentDev.setStatus('online');
    clock.advance(2_000);
    await settle(500);
    expect(await alerts(s)).toEqual([]);
    agentDev.ws.terminate();
  });
});

describe('issue 20: the unstaffed alert costs no query while no gap can exist (embedded store)', () => {
  it('chat box changes of an account nobody watches (no endpoint, no admin connected) read no gap', async () => {
    s = await startTestServer({ webhooksAllowPrivate: true });
    const agent = await s.createAgent();
    dev = await connectAgent(s.wsUrl, agent.token);
    const ends = vi.spyOn(WebhookStore.prototype, 'endGap');
    const opens = vi.spyOn(WebhookStore.prototype, 'openGap');
    try {
      for (const status of ['online', 'offline', 'online', 'offline'] as const) await dev.setStatus(status);
      await settle(300);
      expect(ends).not.toHaveBeenCalled();
      expect(opens).not.toHaveBeenCalled();
    } finally {
      ends.mockRestore();
      opens.mockRestore();
    }
  });
});
