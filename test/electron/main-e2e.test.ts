// Playwright _electron end to end: the real app bundle in a real Electron against a real server.
// Runs whenever an Electron binary exists (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH;
// `npm start` fetches it); otherwise it prints one loud line and skips, the one allowed skip (the
// binary cannot be downloaded everywhere, e.g. on this machine). Launched as `electron <root>`,
// like npm start, so it runs under its own name and profile.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDesktop } from '../../scripts/build-desktop.js';
import { electronHelp, electronVersion, locateElectron } from '../../scripts/electron-binary.js';
import { startTestServer, widgetSocket, type TestAgent, type TestServer, type WidgetClient } from '../helpers/server.js';
import { fileURLToPath } from 'node:url';

const electron = locateElectron();
const root = fileURLToPath(new URL('../..', import.meta.url));
if ('missing' in electron) {
  console.warn(`\n!!! SKIPPED test/electron (Playwright _electron end-to-end): no Electron binary (${electron.missing}). npm start fetches it where there is a network; or: ${electronHelp(electronVersion())}\n`);
}

interface Hooks { desktop: { session: { signIn(u: string | null, e: string, p: string): Promise<unknown> } }; trayMenu(): { id?: string; checked?: boolean }[]; clickTrayItem(id: string): void }

describe.skipIf('missing' in electron)('SPEC 6 desktop app in a real Electron', () => {
  let app: ElectronApplication;
  let server: TestServer;
  let agent: TestAgent;
  let widget: WidgetClient;

  beforeAll(async () => {
    await buildDesktop();
    server = await startTestServer();
    agent = await server.createAgent({ name: 'E2E Agent' });
    widget = await widgetSocket(server);
    const userData = mkdtempSync(path.join(tmpdir(), 'agent-presence-e2e-'));
    writeFileSync(path.join(userData, 'agent-presence.json'), JSON.stringify({ version: 2, settings: { serverUrl: server.url, statusOnLaunch: 'online' } }));
    app = await _electron.launch({
      executablePath: 'path' in electron ? electron.path : undefined,
      args: [root],
      cwd: root,
      env: { ...process.env, AGENT_PRESENCE_TEST_HOOKS: '1', AGENT_PRESENCE_USER_DATA: userData },
    });
  }, 60_000);

  afterAll(async () => {
    widget?.close();
    await app?.close().catch(() => {});
    await server?.close();
  });

  it('signs in, and the widget goes online', async () => {
    await app.evaluate(async (_e, login) => {
      const hooks = (globalThis as unknown as { __agentPresenceTest: Hooks }).__agentPresenceTest;
      await hooks.desktop.session.signIn(login.url, login.email, login.password);
    }, { url: server.url, email: agent.email, password: agent.password });
    await widget.next((m) => m.online, 10_000);
  });

  it('the tray menu changes the status on the server', async () => {
    await app.evaluate(() => (globalThis as unknown as { __agentPresenceTest: Hooks }).__agentPresenceTest.clickTrayItem('status-away'));
    await expect.poll(async () => (await server.api('GET', '/api/v1/me', { token: agent.token })).body.intent, { timeout: 5_000 }).toBe('away');
    const menu = await app.evaluate(() => (globalThis as unknown as { __agentPresenceTest: Hooks }).__agentPresenceTest.trayMenu().map((i) => ({ id: i.id, checked: i.checked })));
    expect(menu.find((i) => i.id === 'status-away')?.checked).toBe(true);
    await app.evaluate(() => (globalThis as unknown as { __agentPresenceTest: Hooks }).__agentPresenceTest.clickTrayItem('status-online'));
    await widget.next((m) => m.online, 5_000);
  });

  it('the window is isolated: the bridge exists, Node does not', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://renderer/index.html');
    expect(await page.evaluate(() => typeof (window as unknown as { agentPresence?: { invoke?: unknown } }).agentPresence?.invoke)).toBe('function');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const status = await page.evaluate(() => (window as unknown as { agentPresence: { invoke(c: string): Promise<unknown> } }).agentPresence.invoke('status.get'));
    expect(status).toMatchObject({ ok: true, value: { status: 'online' } });
  });

  it('the window\'s API calls reach the server through app://renderer/api (no CORS), without the token in the page', async () => {
    const page = await app.firstWindow();
    const me = await page.evaluate(async () => {
      const res = await fetch('/api/v1/me');
      return { status: res.status, body: await res.json() as { email?: string } };
    });
    expect(me).toMatchObject({ status: 200, body: { email: agent.email } });
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain(`connect-src 'self' ${server.url}`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Team' }).click();
    await expect.poll(() => page.locator('.agent-card').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/E2E Agent \(you\)/)]));
  });

  it('runs under its own name, not "Electron"', async () => {
    expect(await app.evaluate(({ app: a }) => a.getName())).toBe('Agent Presence');
  });

  it('quit from the tray sets the widget offline and the process exits', async () => {
    const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(() => (globalThis as unknown as { __agentPresenceTest: Hooks }).__agentPresenceTest.clickTrayItem('quit')).catch(() => {});
    await widget.next((m) => !m.online, 5_000);
    await closed;
  });
});
