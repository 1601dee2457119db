// SPEC 10 unstaffed alert, the tray side (issue 17): the real wiring on the fake electron of each OS
// with a fake client and a scripted GET /alerts, on a hand-driven clock. Admins get one OS
// notification per gap and one when it ends; non-admins never read the route; nothing repeats on
// polls, reconnects or a sign-in again; a quit neither reads nor waits for a read.
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_TIMINGS } from '../../src/common/timings.js';
import { createTranslator } from '../../src/common/i18n/translate.js';
import type { AdminAlerts } from '../../src/common/webhook-schemas.js';
import { trayText } from '../../src/main/tray-view.js';
import { gapStartedText } from '../../src/main/unstaffed-alerts.js';
import type { WiredApp } from '../../src/main/wire.js';
import { flush } from '../helpers/manual-clock.js';
import { bootWired, localBackend } from './main-boot.js';
import { FakeClient, PLATFORMS, manualClock, type FakePlatform } from './main-fakes.js';

let wired: WiredApp | null = null;
afterEach(() => { wired?.desktop.stop(); wired = null; });

const EVERY = DESKTOP_TIMINGS.unstaffedAlertsPollMs;
const SINCE = '2026-11-25T10:00:00.000Z';
const at = (iso: string, lang = 'en') => new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(iso));
const website = (since = SINCE) => ({ groupId: null, groupName: null, since });
const sales = (since = SINCE) => ({ groupId: 'grp_sales', groupName: 'Sales', since });

async function boot(platform: FakePlatform, o: { role?: 'admin' | 'agent'; settings?: Record<string, unknown> } = {}) {
  const client = new FakeClient();
  client.snapshot = { ...client.snapshot, agent: { ...client.snapshot.agent!, role: o.role ?? 'admin' } };
  const clock = manualClock(Date.parse('2026-11-25T10:30:00Z'));
  const reads: string[] = [];
  const answer: { alerts: AdminAlerts; status: number; hang: boolean } = { alerts: { gaps: [], disabledWebhooks: [] }, status: 200, hang: false };
  const b = await bootWired({
    platform, clock, createClient: () => client, startLocalBackend: localBackend('http://127.0.0.1:5555'), quitDeadlineMs: 500,
    ...(o.settings ? { settings: o.settings } : {}),
    forwardFetch: async (url) => {
      reads.push(url);
      if (answer.hang) return new Promise<Response>(() => {});
      return new Response(JSON.stringify(answer.status === 200 ? answer.alerts : { error: { code: 'internal', message: 'boom' } }), { status: answer.status, headers: { 'content-type': 'application/json' } });
    },
  });
  wired = b.wired;
  await flush();
  const poll = async (times = 1) => { for (let i = 0; i < times; i++) { clock.advance(EVERY); await flush(); } };
  const shown = () => b.fake.shownNotifications;
  return { ...b, client, clock, reads, answer, poll, shown };
}

describe.each(PLATFORMS)('SPEC 10 on %s: an admin\'s tray notifies once per unstaffed gap', (platform) => {
  it('one notification when a gap starts, none on later polls, one when it ends', async () => {
    const b = await boot(platform);
    expect(b.reads).toEqual(['http://127.0.0.1:5555/api/v1/alerts']);
    expect(b.shown()).toEqual([]);
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll();
    expect(b.shown()).toEqual([{ title: 'Chat box unstaffed', body: `Nobody has been online for the website chat box since ${at(SINCE)}: visitors see it offline.` }]);
    await b.poll(5);
    expect(b.reads).toHaveLength(7);
    expect(b.shown()).toHaveLength(1);
    b.answer.alerts = { gaps: [], disabledWebhooks: [] };
    await b.poll();
    expect(b.shown().slice(1)).toEqual([{ title: 'Chat box no longer unstaffed', body: `The website chat box is no longer unstaffed (nobody was online from ${at(SINCE)}).` }]);
    await b.poll(3);
    expect(b.shown()).toHaveLength(2);
  });
});

describe('SPEC 10 tray notification: which gaps, and when not', () => {
  it('names the group; a new gap of the same chat box (a later since) is announced again', async () => {
    const b = await boot('linux');
    b.answer.alerts = { gaps: [sales()], disabledWebhooks: [] };
    await b.poll();
    expect(b.shown().map((n) => n.body)).toEqual([`Nobody has been online for Sales since ${at(SINCE)}: visitors see that chat box offline.`]);
    const later = '2026-11-25T11:15:00.000Z';
    b.answer.alerts = { gaps: [sales(later)], disabledWebhooks: [] };
    await b.poll();
    expect(b.shown().map((n) => n.body).at(-1)).toBe(`Nobody has been online for Sales since ${at(later)}: visitors see that chat box offline.`);
    expect(b.shown()).toHaveLength(2);
  });

  it('a non-admin never reads GET /alerts and never gets the notification', async () => {
    const b = await boot('linux', { role: 'agent' });
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll(10);
    expect(b.reads).toEqual([]);
    expect(b.shown()).toEqual([]);
    expect(b.wired!.desktop.alerts?.polling).toBe(false);
  });

  it('a reconnect neither repeats the notification nor restarts the polling', async () => {
    const b = await boot('win32');
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll();
    b.client.emit({ connection: 'reconnecting' });
    b.client.emit({ connection: 'connected' });
    await flush();
    expect(b.reads).toHaveLength(2);
    await b.poll(2);
    expect(b.shown()).toHaveLength(1);
  });

  it('a failed read changes nothing (no false "ended"); the next good read carries on', async () => {
    const b = await boot('darwin');
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll();
    b.answer.status = 500;
    await b.poll(2);
    expect(b.shown()).toHaveLength(1);
    b.answer.status = 200;
    await b.poll();
    expect(b.shown()).toHaveLength(1);
  });

  it('sign-out stops the polling; signing in again as the same admin does not repeat an open gap', async () => {
    const b = await boot('linux');
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll();
    await b.wired!.desktop.session.signOut();
    const n = b.reads.length;
    await b.poll(5);
    expect(b.reads).toHaveLength(n);
    expect(b.wired!.desktop.alerts?.polling).toBe(false);
    await b.wired!.desktop.session.signIn(null, 'me@local', 'pw');
    await flush();
    expect(b.reads).toHaveLength(n + 1);
    expect(b.shown()).toHaveLength(1);
  });

  it('a quit does not wait for a read that hangs, and nothing is read or shown once it started', async () => {
    const b = await boot('linux');
    b.answer.hang = true;
    await b.poll(); // this read never answers
    b.fake.app.quit();
    for (let i = 0; i < 20 && b.fake.app.exits.length === 0; i++) await flush();
    expect(b.fake.app.exits).toHaveLength(1);
    const n = b.reads.length;
    b.answer.hang = false;
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    await b.poll(3);
    expect(b.reads).toHaveLength(n);
    expect(b.shown()).toEqual([]);
  });

  it('while a quit waits for its offline, no read starts (the poller is held, not just stopped at the end)', async () => {
    const b = await boot('darwin');
    b.client.hang = true; // the offline is never acknowledged: the quit runs to its deadline
    b.answer.alerts = { gaps: [website()], disabledWebhooks: [] };
    const n = b.reads.length;
    b.fake.app.quit();
    await b.poll(3);
    expect(b.fake.app.exits).toHaveLength(1);
    expect(b.reads).toHaveLength(n);
    expect(b.shown()).toEqual([]);
  });

  it('speaks the tray\'s language (the setting, else the OS)', async () => {
    const b = await boot('linux', { settings: { language: 'de' } });
    b.answer.alerts = { gaps: [sales()], disabledWebhooks: [] };
    await b.poll();
    expect(b.shown()).toEqual([{ title: 'Chat unbesetzt', body: `Für Sales ist seit ${at(SINCE, 'de')} niemand online: Besucher sehen diesen Chat offline.` }]);
  });

  it('has the text in all five languages, with the group and the time in it', () => {
    for (const lang of ['en', 'cs', 'de', 'es', 'fr'] as const) {
      const n = gapStartedText(sales(), trayText(createTranslator(lang)));
      expect(n.body, lang).toContain('Sales');
      expect(n.body, lang).toContain(at(SINCE, lang));
      expect(n.title, lang).not.toMatch(/^menu\./);
    }
  });
});
