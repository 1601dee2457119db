import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceClient } from '../../src/client/presence-client.js';
import { hasBrowser } from '../helpers/browser.js';
import type { TestAgent } from '../helpers/server.js';
import {
  agentDevice, api, embed, expectBadge, openPage, pageErrors, publishScreenshot, screenshotBadge, startWorld, type WidgetWorld,
} from './widget-fixture.js';

describe.skipIf(!hasBrowser())('issue 8 widget in real Chromium: live chat box status (SPEC 2.2, 4.2)', () => {
  let world: WidgetWorld;
  const devices: PresenceClient[] = [];

  beforeAll(async () => { world = await startWorld(); }, 60_000);
  afterAll(async () => {
    for (const d of devices) d.stop();
    await world?.close();
  });

  async function online(agent: TestAgent): Promise<PresenceClient> {
    const device = await agentDevice(world.server, agent);
    devices.push(device);
    await device.setStatus('online');
    return device;
  }

  it('an agent goes online → the badge shows online; the last agent quits → the badge shows offline at once', async () => {
    const agent = await world.server.createAgent({ name: 'Ada' });
    const page = await openPage(world, embed(world));
    await expectBadge(page, 'offline', { text: /offline|away/i });
    await screenshotBadge(page, 'widget-offline').then((p) => publishScreenshot(p, 'widget-offline.png'));

    const device = await online(agent);
    await expectBadge(page, 'online', { text: /We're online/ });
    await screenshotBadge(page, 'widget-online').then((p) => publishScreenshot(p, 'widget-online.png'));

    // The tray's quit path: explicit offline, then bye; no grace window for visitors to write to nobody.
    const started = Date.now();
    await device.goOfflineAndClose({ reason: 'quit' });
    await expectBadge(page, 'offline', { timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  });

  it('exposes AgentPresence.subscribe/status and an agentpresence:change event per change', async () => {
    const agent = await world.server.createAgent({ name: 'Bea' });
    const page = await openPage(world, embed(world));
    await expectBadge(page, 'offline');
    await page.evaluate(() => {
      const w = window as unknown as { seen: boolean[]; events: boolean[]; AgentPresence: { subscribe(cb: (s: { online: boolean }) => void): () => void } };
      w.seen = [];
      w.events = [];
      w.AgentPresence.subscribe((s) => w.seen.push(s.online));
      document.addEventListener('agentpresence:change', (e) => w.events.push((e as CustomEvent<{ online: boolean }>).detail.online));
    });
    const device = await online(agent);
    await expectBadge(page, 'online');
    await device.setStatus('away');
    await expectBadge(page, 'offline');
    const got = await page.evaluate(() => {
      const w = window as unknown as { seen: boolean[]; events: boolean[]; AgentPresence: { status(): unknown; version: string } };
      return { seen: w.seen, events: w.events, status: w.AgentPresence.status() };
    });
    // subscribe() replays the current status first, then one call per real change.
    expect(got.seen).toEqual([false, true, false]);
    expect(got.events).toEqual([true, false]);
    expect(got.status).toMatchObject({ site: world.server.siteKey, group: null, online: false, reason: 'no_agents_online', whenOffline: 'message' });
    // No personal data: the public status names no agent.
    expect(JSON.stringify(got.status)).not.toMatch(/Bea|@/);
    device.stop();
    await page.context().close();
  });

  it('a group widget follows only its members plus agents in no group', async () => {
    const member = await world.server.createAgent({ name: 'Member' });
    const outsider = await world.server.createAgent({ name: 'Outsider' });
    const sales = await world.server.createGroup('Sales', [member.id]);
    await world.server.createGroup('Support', [outsider.id]);
    const loner = await world.server.createAgent({ name: 'No group' });
    // Badge 0: the whole website (control); badge 1: the Sales group, drawn inline.
    const page = await openPage(world, embed(world, {
      extra: `<p>Sales: <script src="${world.server.url}/widget.js" data-site="${world.server.siteKey}" data-group="${sales.id}" data-position="inline" async></script></p>`,
    }));
    const byPosition = async (): Promise<[string | null, string | null]> => [
      await page.locator('agent-presence-badge:not([data-position=inline])').getAttribute('data-state'),
      await page.locator('agent-presence-badge[data-position=inline]').getAttribute('data-state'),
    ];
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['offline', 'offline']);

    const o = await online(outsider);
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['online', 'offline']);
    await page.waitForTimeout(300);
    expect(await byPosition()).toEqual(['online', 'offline']);

    const m = await online(member);
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['online', 'online']);
    await m.goOfflineAndClose();
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['online', 'offline']);

    const l = await online(loner);
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['online', 'online']);
    await l.goOfflineAndClose();
    await o.goOfflineAndClose();
    await expect.poll(byPosition, { timeout: 10_000 }).toEqual(['offline', 'offline']);
    await page.context().close();
  });

  it('issue 24: the demo page labels each group badge with the group name, the id only beside it', async () => {
    const member = await world.server.createAgent({ name: 'Demo member' });
    const returns = await world.server.createGroup('Returns desk', [member.id]);
    const page = await openPage(world, `${world.server.url}/demo/widget?site=${world.server.siteKey}&group=${returns.id}&group=not-a-group`);
    const rows = page.locator('li');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).locator('.name').innerText()).toBe('Returns desk');
    expect(await rows.nth(0).locator('code').innerText()).toBe(returns.id);
    expect(await rows.nth(1).locator('.name').innerText()).toBe('Unknown group');
    // Each labelled row still carries its live badge.
    await expect.poll(() => rows.nth(0).locator('agent-presence-badge').getAttribute('data-state')).toBe('offline');
    const m = await online(member);
    await expect.poll(() => rows.nth(0).locator('agent-presence-badge').getAttribute('data-state')).toBe('online');
    await m.goOfflineAndClose();
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  });

  it('AgentPresence.setGroup switches the badge to another group', async () => {
    const member = await world.server.createAgent({ name: 'Switcher' });
    const billing = await world.server.createGroup('Billing', [member.id]);
    const other = await world.server.createGroup('Other', []);
    const page = await openPage(world, embed(world, { group: other.id }));
    const m = await online(member);
    await expectBadge(page, 'offline');
    await page.evaluate((id) => (window as unknown as { AgentPresence: { setGroup(g: string): void } }).AgentPresence.setGroup(id), billing.id);
    await expectBadge(page, 'online');
    await m.goOfflineAndClose();
    await expectBadge(page, 'offline');
    await page.context().close();
  });

  it('whenOffline: hide hides the badge while offline and shows it when an agent comes online', async () => {
    const agent = await world.server.createAgent({ name: 'Hider' });
    await api(world.server, world.server.admin.token, 'PATCH', '/account', { whenOffline: 'hide' });
    try {
      const page = await openPage(world, embed(world));
      await expectBadge(page, 'hidden');
      expect(await page.locator('agent-presence-badge button').isVisible()).toBe(false);
      const device = await online(agent);
      await expectBadge(page, 'online');
      expect(await page.locator('agent-presence-badge button').isVisible()).toBe(true);
      await device.goOfflineAndClose();
      await expectBadge(page, 'hidden');
      await page.context().close();
    } finally {
      await api(world.server, world.server.admin.token, 'PATCH', '/account', { whenOffline: 'message' });
    }
  });

  it('an unknown site hides the widget and stops retrying (4404)', async () => {
    const page = await openPage(world, world.host.page({ html: '<!doctype html><p>x</p>' }));
    let sockets = 0;
    page.on('websocket', () => { sockets++; });
    await page.goto(embed(world, { site: 'no-such-site' }));
    await expectBadge(page, 'hidden');
    await page.waitForTimeout(2_000);
    expect(sockets).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { AgentPresence: { status(): unknown } }).AgentPresence.status())).toBeNull();
    await page.context().close();
  });
});
