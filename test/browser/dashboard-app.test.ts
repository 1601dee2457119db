// The same renderer as the tray app's settings window: a stand-in for the preload bridge
// (window.agentPresence, per src/common/ipc-contract.ts) is installed before the page loads, so
// the app host, the bridge-driven status and the tray settings screen run in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/common/tray-settings.js';
import { hasBrowser } from '../helpers/browser.js';
import { accessibleDescription, axeSerious, goTo, screenshot, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';

/** Runs in the page. Mirrors main's handlers closely enough for the renderer: REST calls are real. */
function installFakeBridge(init: { serverUrl: string; token: string; agent: unknown; settings: unknown }): void {
  const w = window as unknown as Record<string, unknown>;
  const listeners: Record<string, Set<(p: unknown) => void>> = { 'status.changed': new Set(), 'settings.changed': new Set() };
  const emit = (name: string, payload: unknown): void => listeners[name]!.forEach((l) => l(payload));
  let settings = init.settings as Record<string, unknown>;
  let view = {
    connection: 'connected', signedIn: true, agent: init.agent, status: 'offline', effective: 'offline', version: 1, reason: 'manual',
    website: { online: false, reason: 'no_agents_online', nextOpenAt: null }, groups: {}, lastError: null,
  };
  const calls: unknown[] = [];
  w.__bridgeCalls = calls;
  w.agentPresence = {
    platform: 'linux',
    async invoke(channel: string, payload: unknown) {
      calls.push({ channel, payload });
      switch (channel) {
        case 'session.get': return { ok: true, value: { serverUrl: init.serverUrl, token: init.token } };
        case 'status.get': return { ok: true, value: view };
        case 'settings.get': return { ok: true, value: { settings, tokenStorage: 'encrypted', notices: [] } };
        case 'settings.set': {
          settings = { ...settings, ...(payload as object) };
          const v = { settings, tokenStorage: 'encrypted', notices: [] };
          setTimeout(() => emit('settings.changed', v), 0);
          return { ok: true, value: v };
        }
        case 'status.set': {
          const status = (payload as { status: string }).status;
          const res = await fetch(`${init.serverUrl}/api/v1/agents/me/status`, { method: 'PUT', headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
          view = { ...view, status, effective: status, version: view.version + 1 };
          setTimeout(() => emit('status.changed', view), 0);
          return res.ok ? { ok: true, value: { version: view.version } } : { ok: false, error: { code: 'unavailable', message: `HTTP ${res.status}` } };
        }
        default: return { ok: false, error: { code: 'unknown_channel', message: channel } };
      }
    },
    onEvent(name: string, listener: (p: unknown) => void) {
      listeners[name]!.add(listener);
      return () => listeners[name]!.delete(listener);
    },
  };
}

describe.skipIf(!hasBrowser())('dashboard inside the desktop app (SPEC 6 settings window)', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('shows tray settings, saves them through the bridge, and sets the status through main', async () => {
    const server = world.server;
    const me = (await server.api('GET', '/api/v1/me', { token: server.admin.token })).body;
    const context = await world.browser.newContext({ viewport: { width: 1000, height: 720 } });
    await context.addInitScript(installFakeBridge, {
      serverUrl: server.url, token: server.admin.token,
      agent: { id: me.id, name: me.name, email: me.email, role: me.role, groupIds: me.groupIds }, settings: DEFAULT_SETTINGS,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');

    await page.getByRole('heading', { level: 1, name: 'My status' }).waitFor();
    // Inside the app, the "get the desktop app" line would be noise.
    expect(await page.getByTestId('desktop-app-hint').count()).toBe(0);
    await page.getByRole('radio', { name: /^Online/ }).check();
    await expect.poll(async () => (await server.api('GET', '/api/v1/presence', { token: server.admin.token })).body.agents[0].intent).toBe('online');

    await goTo(page, 'Tray settings');
    await page.getByRole('checkbox', { name: 'Start Agent Presence when I log in' }).check();
    await page.getByLabel('When the screen locks').selectOption('offline');
    await page.getByLabel('Away after idle (minutes)').fill('15');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __bridgeCalls: { channel: string; payload: unknown }[] }).__bridgeCalls.filter((c) => c.channel === 'settings.set').map((c) => c.payload)))
      .toEqual(expect.arrayContaining([{ startAtLogin: true }, { onLock: 'offline' }, { idleMinutes: 15 }]));
    expect(await page.getByRole('checkbox', { name: 'Start Agent Presence when I log in' }).isChecked()).toBe(true);
    // Issue 24: each control is named by its label alone; the explanation is its description.
    const follow = page.getByRole('checkbox', { name: 'Follow office hours', exact: true });
    expect(await accessibleDescription(follow)).toBe('Online when my groups open, offline when they close.');
    expect(await accessibleDescription(page.getByRole('checkbox', { name: 'Notifications', exact: true }))).toMatch(/another device or by an admin/);
    expect(await accessibleDescription(page.getByRole('spinbutton', { name: 'Away after idle (minutes)', exact: true }))).toBe('0 = never');
    await screenshot(page, 'tray-settings', true);
    expect(await axeSerious(page)).toEqual([]);

    // The app reads team data over HTTP with the token main hands out.
    await goTo(page, 'Team');
    await expect.poll(() => page.locator('.agent-card').first().innerText()).toMatch(/Admin \(you\)/);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  });
});
