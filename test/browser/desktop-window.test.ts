// SPEC 6 "The settings window reaches the backend as it really runs", in real Chromium under the
// app's conditions (test/browser/app-window-harness.ts): the renderer is served by the app's own
// app:// protocol handler, with the CSP it sends, from an origin that is not the backend's; the
// preload is replaced by a stand-in that calls the real main-process IPC handlers of the real
// wiring (on the fake electron for Linux), whose tray client is a real PresenceClient. Sign-in,
// team, groups, office hours and tray settings must all work there, with no CORS or CSP error.
import { existsSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceClient } from '../../src/client/presence-client.js';
import { INSECURE_SERVER_MESSAGE } from '../../src/common/server-url.js';
import { APP_ID } from '../../src/main/app-identity.js';
import { hasBrowser, launchBrowser } from '../helpers/browser.js';
import { accessibleDescription, axeSerious, buildDashboard, goTo, screenshot, unexpectedErrors } from '../helpers/dashboard-world.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { bootWired, localBackend, type Booted } from '../unit/main-boot.js';
import { openAppWindow, type AppWindow } from './app-window-harness.js';
import type { Browser } from 'playwright-core';

describe.skipIf(!hasBrowser())('SPEC 6: the settings window reaches the backend as it really runs', { timeout: 120_000 }, () => {
  let browser: Browser;
  let local: TestServer;
  let remote: TestServer;
  let app: Booted;
  let win: AppWindow;

  beforeAll(async () => {
    const rendererDir = await buildDashboard();
    [local, remote] = await Promise.all([startTestServer(), startTestServer()]);
    browser = await launchBrowser();
    app = await bootWired({
      platform: 'linux',
      createClient: ({ serverUrl, credentials }) => new PresenceClient({ serverUrl, WebSocket, fetch, credentials, device: { kind: 'desktop', name: 'window test' } }),
      // The app's in-process backend (no server configured): a server of its own, not the team's.
      startLocalBackend: localBackend(local.url, { email: local.admin.email, password: local.admin.password }),
      // net.fetch in the app; here Node's fetch does the forwarding from main.
      forwardFetch: (url, init) => fetch(url, init),
      rendererDir,
      credentials: {},
    });
    win = await openAppWindow(browser, app.fake);
  }, 90_000);

  afterAll(async () => {
    await win?.close();
    app?.wired?.desktop.stop();
    app?.wired?.desktop.getClient()?.stop();
    await browser?.close();
    await Promise.all([local?.close(), remote?.close()]);
  });

  it('starts on the in-process backend: the team comes through the window\'s own origin', async () => {
    const { page } = win;
    await page.getByRole('heading', { level: 1, name: 'My status' }).waitFor();
    // Issue 24: inside the app, the "get the desktop app" line would be noise.
    expect(await page.getByTestId('desktop-app-hint').count()).toBe(0);
    await goTo(page, 'Team');
    await expect.poll(() => page.locator('.agent-card').first().innerText()).toMatch(/Admin \(you\)/);
    expect(win.shellCsps.at(-1)).toContain(`connect-src 'self' ${local.url}`);
  });

  it('refuses a plain-http server that is not this computer, with a sentence saying why', async () => {
    const { page } = win;
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByLabel('Server URL').fill('http://presence.example.com');
    await page.getByLabel('Email').fill(remote.admin.email);
    await page.getByLabel('Password').fill(remote.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(INSECURE_SERVER_MESSAGE);
    expect(app.wired!.desktop.settings.get().serverUrl).toBeNull();
  });

  it('signs in to the team\'s server; the window reloads with a CSP naming that server', async () => {
    const { page } = win;
    const reloads = app.fake.window().webContents.reloads;
    await page.getByLabel('Server URL').fill(remote.url);
    await page.getByLabel('Email').fill(remote.admin.email);
    await page.getByLabel('Password').fill(remote.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => app.wired!.desktop.session.serverUrl).toBe(remote.url);
    await expect.poll(() => app.fake.window().webContents.reloads).toBe(reloads + 1);
    await goTo(page, 'My status');
    await expect.poll(() => win.shellCsps.at(-1)).toContain(`connect-src 'self' ${remote.url}`);
    expect(win.shellCsps.at(-1)).not.toContain(local.url);
    await page.getByRole('radio', { name: /^Online/ }).click(); // checked once main reports the new status
    await expect.poll(async () => (await remote.api('GET', '/api/v1/me', { token: remote.admin.token })).body.intent).toBe('online');
  });

  it('team, groups and office hours of that server work from the window', async () => {
    const { page } = win;
    await remote.createAgent({ name: 'Ann Remote' });
    await goTo(page, 'Team');
    await expect.poll(() => page.locator('.agent-card').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Ann Remote/)]));

    await goTo(page, 'Groups');
    await page.getByLabel('New group name').fill('Sales');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sales' }).waitFor();
    const groups = (await remote.api('GET', '/api/v1/groups', { token: remote.admin.token })).body.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(['Sales']);

    await goTo(page, 'Office hours');
    const useHours = page.getByRole('checkbox', { name: /Use office hours/ });
    if (!(await useHours.isChecked())) await useHours.check();
    await page.getByLabel('Offline message shown to visitors').fill('Back soon.');
    await page.getByRole('button', { name: 'Save office hours' }).click();
    await expect.poll(() => page.getByTestId('save-message').innerText()).toMatch(/Saved/);
    const stored = (await remote.api('GET', '/api/v1/office-hours', { token: remote.admin.token })).body;
    expect(stored).toMatchObject({ enabled: true, messages: { offline: 'Back soon.' } });
  });

  it('tray settings are saved by main: start at login writes the XDG autostart entry', async () => {
    const { page } = win;
    await goTo(page, 'Tray settings');
    // A controlled checkbox: it shows checked once main has answered settings.set, so click and wait.
    const startAtLogin = page.getByRole('checkbox', { name: 'Start Agent Presence when I log in' });
    await startAtLogin.click();
    await expect.poll(() => startAtLogin.isChecked()).toBe(true);
    await page.getByLabel('When the screen locks').selectOption('offline');
    await expect.poll(() => app.wired!.desktop.settings.get()).toMatchObject({ startAtLogin: true, onLock: 'offline' });
    // Issue 24: each control is named by its label alone; the explanation is its description.
    const follow = page.getByRole('checkbox', { name: 'Follow office hours', exact: true });
    expect(await accessibleDescription(follow)).toBe('Online when my groups open, offline when they close.');
    expect(await accessibleDescription(page.getByRole('checkbox', { name: 'Notifications', exact: true }))).toMatch(/another device or by an admin/);
    expect(await accessibleDescription(page.getByRole('spinbutton', { name: 'Away after idle (minutes)', exact: true }))).toBe('0 = never');
    expect(existsSync(path.join(app.home, '.config/autostart', `${APP_ID}.desktop`))).toBe(true);
    await screenshot(page, 'tray-settings', true);
    expect(await axeSerious(page)).toEqual([]);
  });

  it('nothing was blocked: no CORS, CSP or console error on the way', () => {
    expect(unexpectedErrors(win.errors)).toEqual([]);
  });
});
