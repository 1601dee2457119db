// Issue 20: a restarted server loads only the accounts with time-driven work of their own (an agent
// online or away, a timed status pending, a webhook endpoint); every other account loads on its
// first socket or request, with the status it would have had all along (office hours included),
// and what is due for an account nobody looks at still happens: a timed status returns at its
// `until`, an unstaffed gap starts at its threshold. Real server, real SQLite file, real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { TIMINGS } from '../../src/common/timings.js';
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

async function loaded(server: TestServer): Promise<number> {
  const metric = server.server.metrics.registry.getSingleMetric('presence_accounts_loaded');
  if (!metric) throw new Error('no presence_accounts_loaded metric');
  return (await metric.get()).values[0]!.value;
}

/** Accounts written straight to the store, as another process (or an older server) left them. */
async function coldAccounts(server: TestServer, n: number, withHours: boolean): Promise<{ id: string; siteKey: string }[]> {
  const { store } = server.server;
  const out = [];
  for (let i = 0; i < n; i++) {
    const account = await store.createAccount(`Cold ${i}`);
    for (let a = 0; a < 5; a++) await store.createAgent(account.id, { email: `cold-${account.id}-${a}@lazy.example`, name: `Cold ${i}.${a}`, role: 'agent', passwordHash: 'x', groupIds: [] });
    if (withHours) await store.updateAccount(account.id, { officeHours: hours });
    out.push({ id: account.id, siteKey: account.siteKey });
  }
  return out;
}

describe('issue 20: accounts load on first use', () => {
  it('a restart loads only the account with an agent online; a cold account loads on its first widget with the right status', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T20:00:00Z'));
    s = await startTestServer({ clock, graceMs: 3_600_000 });
    const plain = await coldAccounts(s, 10, false);
    const closed = await coldAccounts(s, 10, true);
    dev = await connectAgent(s.wsUrl, s.admin.token);
    await dev.setStatus('online');
    dev.ws.terminate();
    await s.restart();
    expect(await loaded(s)).toBe(1);

    const w1 = await widgetSocket(s, undefined, plain[3]!.siteKey);
    expect(w1.messages[0]).toMatchObject({ online: false, reason: 'no_agents_online', site: plain[3]!.siteKey });
    const w2 = await widgetSocket(s, undefined, closed[7]!.siteKey);
    // 20:00 UTC is outside 09–17: closed by office hours, with the next opening.
    expect(w2.messages[0]).toMatchObject({ online: false, reason: 'outside_office_hours', nextOpenAt: '2026-11-26T09:00:00.000+00:00' });
    expect(await loaded(s)).toBe(3);

    // Concurrent first uses of one account share one load and all get the same first status.
    const many = await Promise.all([0, 1, 2, 3, 4].map(() => widgetSocket(s!, undefined, closed[2]!.siteKey)));
    for (const w of many) expect(w.messages[0]).toMatchObject({ online: false, reason: 'outside_office_hours' });
    const polled = await s.api('GET', `/api/v1/widget/${plain[5]!.siteKey}/status`);
    expect(polled.body).toMatchObject({ online: false, reason: 'no_agents_online' });
    expect(await loaded(s)).toBe(5);
    // The account with the agent online kept its boot grace (loaded at boot, not on first use).
    const own = await widgetSocket(s);
    expect(own.messages[0]).toMatchObject({ online: true });
    for (const w of [w1, w2, own, ...many]) w.close();
  });

  it('an unknown site key is still 404 / 4404 and loads nothing', async () => {
    s = await startTestServer();
    const before = await loaded(s);
    expect((await s.api('GET', '/api/v1/widget/site_nope/status')).status).toBe(404);
    const w = await widgetSocket(s, undefined, 'site_nope');
    expect(await w.closed).toBe(4404);
    expect(await loaded(s)).toBe(before);
  });

  it('a timed status of an account nobody uses after a restart still returns at until', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    s = await startTestServer({ clock, graceMs: 3_600_000 });
    await coldAccounts(s, 5, false);
    dev = await connectAgent(s.wsUrl, s.admin.token);
    await dev.setStatus('online');
    // Offline for 15 minutes, then back to online: the intent is offline, only the timer is pending.
    const until = new Date(clock.now() + 15 * MIN).toISOString();
    dev.send({ type: 'status.set', status: 'offline', reason: 'manual', seq: 99, until });
    await dev.next('ack', (m) => m.seq === 99);
    await dev.bye();
    await s.restart();
    expect(await loaded(s)).toBe(1);
    clock.advance(15 * MIN);
    await settle(300);
    const row = await s.server.store.getAgent(s.admin.id);
    expect(row).toMatchObject({ intent: 'online', reason: 'timer', timerUntil: null });
  });

  it('an unstaffed gap of an account with a webhook still starts after a restart with no socket or request', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    r = await startReceiver();
    s = await startTestServer({ webhooksAllowPrivate: true, clock });
    await coldAccounts(s, 5, true);
    expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours })).status).toBe(200);
    expect((await s.api('POST', '/api/v1/webhooks', { token: s.admin.token, body: { url: r.url, events: ['coverage.gap.started'] } })).status).toBe(201);
    await s.restart();
    expect(await loaded(s)).toBe(1);
    clock.advance(60 * MIN); // 09:00: the hours open with nobody online
    await settle(300);
    clock.advance(5 * MIN);
    const [started] = await r.waitFor(1);
    expect(started!.json).toMatchObject({ type: 'coverage.gap.started', at: '2026-11-25T09:05:00.000Z', data: { since: '2026-11-25T09:00:00.000Z' } });
  });

  it('an account unused for accountIdleMs is dropped and loads again on its next use; one with a device or a webhook is kept', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T20:00:00Z'));
    r = await startReceiver();
    s = await startTestServer({ clock, graceMs: 3_600_000, webhooksAllowPrivate: true });
    const [withHook, idle] = await coldAccounts(s, 2, true);
    const other = await s.createAccount('Hooked');
    expect((await s.api('POST', '/api/v1/webhooks', { token: other.admin.token, body: { url: r.url, events: ['coverage.gap.started'] } })).status).toBe(201);
    dev = await connectAgent(s.wsUrl, s.admin.token);
    const w = await widgetSocket(s, undefined, idle!.siteKey);
    expect(w.messages[0]).toMatchObject({ reason: 'outside_office_hours' });
    const hub = s.server.hub;
    expect(hub.account(idle!.id)).toBeDefined();
    // A widget open keeps it however long nothing else happens.
    clock.advance(TIMINGS.accountIdleMs + TIMINGS.accountIdleScanMs);
    await settle(50);
    expect(hub.account(idle!.id)).toBeDefined();
    w.close();
    await w.closed;
    await settle(50);
    clock.advance(TIMINGS.accountIdleMs - TIMINGS.accountIdleScanMs);
    await settle(50);
    expect(hub.account(idle!.id), 'dropped before accountIdleMs').toBeDefined();
    clock.advance(2 * TIMINGS.accountIdleScanMs);
    await settle(50);
    expect(hub.account(idle!.id)).toBeUndefined();
    expect(hub.accountsDropped).toBeGreaterThanOrEqual(1);
    // Kept: the account with a device connected (its agent is offline) and the one with a webhook endpoint.
    expect(hub.account(s.accountId)).toBeDefined();
    expect(hub.account(other.accountId)).toBeDefined();
    expect(hub.account(withHook!.id)).toBeUndefined(); // never used: never loaded
    const again = await widgetSocket(s, undefined, idle!.siteKey);
    expect(again.messages[0]).toMatchObject({ online: false, reason: 'outside_office_hours', site: idle!.siteKey });
    expect(hub.account(idle!.id)).toBeDefined();
    again.close();
  });
});
