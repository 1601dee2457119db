// SPEC 10 unstaffed alert in the tray (issue 17), end to end: the real main-process wiring on the
// fake electron, a real PresenceClient and a real presence server on loopback whose clock is moved
// by hand past the threshold. An admin's tray shows exactly one notification per unstaffed chat box
// (named), a non-admin's tray never reads GET /alerts, and each gap's end is announced once.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PresenceClient } from '../../src/client/presence-client.js';
import type { AdminAlerts } from '../../src/common/webhook-schemas.js';
import type { WiredApp } from '../../src/main/wire.js';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer } from '../helpers/server.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { bootWired, localBackend } from '../unit/main-boot.js';
import type { FakeElectron } from '../unit/main-fakes.js';
import { everyDay } from '../helpers/office-hours-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const hours = everyDay();
const MIN = 60_000;
const at = (iso: string) => new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(new Date(iso));

async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A tray app signed in as `login` through the wiring; counts its GET /alerts. */
async function tray(url: string, login: { email: string; password: string }): Promise<{ fake: FakeElectron; wired: WiredApp; alertReads: () => number }> {
  let reads = 0;
  const { fake, wired } = await bootWired({
    createClient: ({ serverUrl, credentials }) => new PresenceClient({ serverUrl, WebSocket, fetch, credentials, device: { kind: 'desktop', name: 'test tray' } }),
    startLocalBackend: localBackend(url, login),
    settings: { statusOnLaunch: 'offline' },
    alertsPollMs: 50,
    forwardFetch: (u, init) => { if (u.endsWith('/api/v1/alerts')) reads++; return fetch(u, init); },
  });
  if (!wired) throw new Error('not wired');
  cleanups.push(() => { wired.desktop.stop(); wired.desktop.getClient()?.stop(); });
  await until(() => wired.desktop.getClient()?.getSnapshot().connection === 'connected', 'tray connected');
  return { fake, wired, alertReads: () => reads };
}

const gapNotes = (f: FakeElectron, title: string) => f.shownNotifications.filter((n) => n.title === title).map((n) => n.body);

describe('SPEC 10 unstaffed alert: a tray notification for admins', () => {
  it('one notification per unstaffed chat box for the admin, none for an agent, one "no longer unstaffed" when someone is back', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const s = await startTestServer({ webhooksAllowPrivate: true, clock, graceMs: 3_600_000 });
    cleanups.push(() => s.close());
    // The server tracks gaps for accounts with an enabled webhook endpoint (docs/decisions.md).
    expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours })).status).toBe(200);
    expect((await s.api('POST', '/api/v1/webhooks', { token: s.admin.token, body: { url: receiver.url, events: ['coverage.gap.started', 'coverage.gap.ended'] } })).status).toBe(201);
    const sam = await s.createAgent({ name: 'Sam' });
    expect((await s.api('POST', '/api/v1/groups', { token: s.admin.token, body: { name: 'Sales', memberIds: [sam.id] } })).status).toBe(201);
    const ada = await s.createAgent({ name: 'Ada' });
    const dev = await connectAgent(s.wsUrl, sam.token);
    cleanups.push(() => { dev.ws.terminate(); });
    await dev.setStatus('online');

    // The admin's tray goes through a proxy, so its connection can be cut (a reconnect).
    const proxy = await startTcpProxy(s.port);
    cleanups.push(() => proxy.close());
    const admin = await tray(proxy.url, { email: s.admin.email, password: s.admin.password });
    const agent = await tray(s.url, { email: ada.email, password: ada.password });
    await until(() => admin.alertReads() > 0, 'the admin tray reads the alerts');

    await dev.setStatus('offline');
    await settle(300);
    clock.advance(5 * MIN);
    await receiver.waitFor(2);
    const alerts = (await s.api('GET', '/api/v1/alerts', { token: s.admin.token })).body as AdminAlerts;
    const since = alerts.gaps.find((g) => g.groupId === null)!.since;
    const expected = [
      `Nobody has been online for the website chat box since ${at(since)}: visitors see it offline.`,
      `Nobody has been online for Sales since ${at(since)}: visitors see that chat box offline.`,
    ];
    await until(() => gapNotes(admin.fake, 'Chat box unstaffed').length >= 2, 'two gap notifications');
    // Many more polls of the same open gaps announce nothing more.
    const readsThen = admin.alertReads();
    await until(() => admin.alertReads() >= readsThen + 5, 'five more polls');
    expect(gapNotes(admin.fake, 'Chat box unstaffed').sort()).toEqual([...expected].sort());
    expect(gapNotes(agent.fake, 'Chat box unstaffed')).toEqual([]);
    expect(agent.alertReads()).toBe(0);

    // A reconnect (the connection cut under the tray) announces nothing again.
    const snap = () => admin.wired.desktop.getClient()!.getSnapshot();
    let dropped = false;
    const off = admin.wired.desktop.getClient()!.subscribe((x) => { if (x.connection !== 'connected') dropped = true; });
    proxy.cut();
    await until(() => dropped && snap().connection === 'connected', 'the admin tray reconnected');
    off();
    const readsReconnected = admin.alertReads();
    await until(() => admin.alertReads() >= readsReconnected + 5, 'five more polls');
    expect(gapNotes(admin.fake, 'Chat box unstaffed')).toHaveLength(2);

    await dev.setStatus('online');
    await receiver.waitFor(4);
    await until(() => gapNotes(admin.fake, 'Chat box no longer unstaffed').length >= 2, 'two ended notifications');
    const readsAfter = admin.alertReads();
    await until(() => admin.alertReads() >= readsAfter + 5, 'five more polls');
    expect(gapNotes(admin.fake, 'Chat box no longer unstaffed').sort()).toEqual([
      `The website chat box is no longer unstaffed (nobody was online from ${at(since)}).`,
      `Sales is no longer unstaffed (nobody was online from ${at(since)}).`,
    ].sort());
    expect(gapNotes(admin.fake, 'Chat box unstaffed')).toHaveLength(2);
    expect(gapNotes(agent.fake, 'Chat box no longer unstaffed')).toEqual([]);
    expect(agent.alertReads()).toBe(0);
  });
});
