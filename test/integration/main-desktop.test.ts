// The real main-process wiring (wire.ts) with a fake electron module, a real PresenceClient and a
// real presence server on loopback. What is fake: only Electron's objects (tray, powerMonitor,
// app, BrowserWindow...), driven by emitting the events Electron would emit.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_INVOKE_PREFIX } from '../../src/common/ipc-contract.js';
import { PresenceClient } from '../../src/client/presence-client.js';
import type { WiredApp } from '../../src/main/wire.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, widgetSocket, type TestAgent, type TestServer } from '../helpers/server.js';
import { bootWired, localBackend } from '../unit/main-boot.js';
import { fakeEvent, type FakeElectron } from '../unit/main-fakes.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Booted { fake: FakeElectron; wired: WiredApp; server: TestServer; agent: TestAgent; proxy: TcpProxy | null }

async function boot(opts: { settings?: Record<string, unknown>; viaProxy?: boolean; idlePollMs?: number } = {}): Promise<Booted> {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  const agent = await server.createAgent({ name: 'Tray Agent' });
  const proxy = opts.viaProxy ? await startTcpProxy(server.port) : null;
  if (proxy) cleanups.push(() => proxy.close());
  const { fake, wired } = await bootWired({
    createClient: ({ serverUrl, credentials }) => new PresenceClient({ serverUrl, WebSocket, fetch, credentials, device: { kind: 'desktop', name: 'test tray' } }),
    // The "in-process backend" is the test server: exercises the sign-in of the local agent.
    startLocalBackend: localBackend(proxy?.url ?? server.url, { email: agent.email, password: agent.password }),
    settings: { statusOnLaunch: 'online', ...opts.settings },
    ...(opts.idlePollMs ? { idlePollMs: opts.idlePollMs } : {}),
  });
  if (!wired) throw new Error('not wired');
  cleanups.push(() => { wired.desktop.stop(); if (!wired.desktop.quitter.hasExited) wired.desktop.getClient()?.stop(); });
  await until(() => wired.desktop.getClient()?.getSnapshot().connection === 'connected' && wired.desktop.getClient()?.getSnapshot().status?.status === 'online', 'connected and online');
  return { fake, wired, server, agent, proxy };
}

async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const me = async (b: Booted) => (await b.server.api('GET', '/api/v1/me', { token: b.agent.token })).body as { intent: string; status: string; version: number; devices: number };
const intentIs = (b: Booted, intent: string) => until(async () => (await me(b)).intent === intent, `intent ${intent}`);
const tray = (b: Booted) => b.fake.tray();

describe('SPEC 6 tray against a real server', () => {
  it('clicking menu items changes the status on the server, and the menu follows changes from elsewhere', async () => {
    const b = await boot();
    tray(b).click('status-away');
    await intentIs(b, 'away');
    tray(b).click('status-offline');
    await intentIs(b, 'offline');
    tray(b).click('status-online');
    await intentIs(b, 'online');
    // An admin sets the agent offline: the tray updates and a notification says who did it.
    await b.server.api('PUT', `/api/v1/agents/${b.agent.id}/status`, { token: b.server.admin.token, body: { status: 'away' } });
    await until(() => tray(b).item('status-away')?.checked === true, 'tray shows away');
    expect(tray(b).image.path).toBe('/icons/away.png');
    expect(b.fake.shownNotifications.at(-1)?.body).toMatch(/set to Away by an admin/);
  });

  it('SPEC 12: the tray follows the language setting at once (menu, tooltip, notifications)', async () => {
    const b = await boot();
    await until(() => tray(b).item('quit')?.label === 'Quit (go offline)', 'English menu');
    b.wired!.desktop.settings.update({ language: 'de' });
    await until(() => tray(b).item('quit')?.label === 'Beenden (offline gehen)', 'German menu');
    expect(tray(b).item('status-away')?.label).toBe('Abwesend');
    expect(tray(b).tooltip).toContain('Sie: Online');
    await b.server.api('PUT', `/api/v1/agents/${b.agent.id}/status`, { token: b.server.admin.token, body: { status: 'away' } });
    await until(() => b.fake.shownNotifications.length > 0, 'a notification');
    expect(b.fake.shownNotifications.at(-1)?.body).toBe('Ihr Status wurde von einem Admin auf Abwesend gesetzt.');
  });

  it('shows "online but visitors see offline" from the chat box the server reports', async () => {
    const b = await boot();
    await b.server.api('PUT', '/api/v1/office-hours', { token: b.server.admin.token, body: { enabled: true, timezone: 'UTC', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } } });
    await until(() => tray(b).image.path === '/icons/online-hidden.png', 'online-hidden icon');
    expect(tray(b).tooltip).toContain('outside office hours');
  });
});

describe('SPEC 6 lifecycle against a real server', () => {
  it('before-quit makes the widget offline before app.exit is called', async () => {
    const b = await boot();
    const widget = await widgetSocket(b.server);
    cleanups.push(() => widget.close());
    await widget.next((m) => m.online);
    let offlineAt = 0;
    const offline = widget.next((m) => !m.online).then((m) => { offlineAt = Date.now(); return m; });
    const e = fakeEvent();
    b.fake.app.emit('before-quit', e);
    expect(e.defaultPrevented).toBe(true);
    await until(() => b.fake.app.exits.length > 0, 'app.exit');
    await offline;
    expect(offlineAt).toBeGreaterThan(0);
    expect(offlineAt).toBeLessThanOrEqual(b.fake.app.exits[0]!.at);
    expect(await me(b)).toMatchObject({ intent: 'offline', status: 'offline' });
  });

  it('powerMonitor shutdown and SIGTERM take the same path', async () => {
    const b = await boot();
    b.fake.os.shutdown();
    await until(() => b.fake.app.exits.length > 0, 'app.exit');
    expect((await me(b)).intent).toBe('offline');
    const c = await boot();
    c.fake.os.signal('SIGTERM');
    await until(() => c.fake.app.exits.length > 0, 'app.exit');
    expect((await me(c)).intent).toBe('offline');
  });

  it('"sign off this device only" keeps the intent but leaves at once (no grace)', async () => {
    const b = await boot({ settings: { quitBehaviour: 'device' } });
    b.fake.app.quit();
    await until(() => b.fake.app.exits.length > 0, 'app.exit');
    await until(async () => (await me(b)).devices === 0, 'no devices');
    expect(await me(b)).toMatchObject({ intent: 'online', status: 'offline' });
  });

  it('a black-holed server still lets quit finish within the deadline', async () => {
    const b = await boot({ viaProxy: true });
    b.proxy!.pause();
    const started = Date.now();
    b.fake.app.emit('before-quit', fakeEvent());
    await until(() => b.fake.app.exits.length > 0, 'app.exit', 3_000);
    expect(b.fake.app.exits[0]!.at - started).toBeLessThan(1_700);
  });
});

describe('SPEC 6 automatic status against a real server', () => {
  it('suspend → offline, resume → back online', async () => {
    const b = await boot();
    b.fake.powerMonitor.emit('suspend');
    await intentIs(b, 'offline');
    b.fake.powerMonitor.emit('resume');
    await intentIs(b, 'online');
  });

  it('lock-screen → away, unlock-screen → online', async () => {
    const b = await boot();
    b.fake.powerMonitor.emit('lock-screen');
    await intentIs(b, 'away');
    b.fake.powerMonitor.emit('unlock-screen');
    await intentIs(b, 'online');
  });

  it('restores only what the app changed: a change from another device during the lock stays', async () => {
    const b = await boot();
    b.fake.powerMonitor.emit('lock-screen');
    await intentIs(b, 'away');
    await b.server.api('PUT', '/api/v1/agents/me/status', { token: b.agent.token, body: { status: 'offline' } });
    await until(() => b.wired.desktop.getClient()?.getSnapshot().status?.status === 'offline', 'tray saw offline');
    b.fake.powerMonitor.emit('unlock-screen');
    await new Promise((r) => setTimeout(r, 300));
    expect((await me(b)).intent).toBe('offline');
  });

  it('idle for N minutes → away, activity → online', async () => {
    const b = await boot({ settings: { idleMinutes: 1 }, idlePollMs: 20 });
    b.fake.powerMonitor.idleSeconds = 61;
    await intentIs(b, 'away');
    b.fake.powerMonitor.idleSeconds = 2;
    await intentIs(b, 'online');
  });
});

describe('SPEC 6 IPC against a real server', () => {
  const okSender = { senderFrame: { url: 'app://renderer/index.html', parent: null } };

  it('status.set from the renderer changes the status; a wrong sender or payload changes nothing', async () => {
    const b = await boot();
    const invoke = (channel: string, event: unknown, ...args: unknown[]) => b.fake.ipcMain.handlers.get(IPC_INVOKE_PREFIX + channel)!(event, ...args);
    const before = (await me(b)).version;
    expect(await invoke('status.set', { senderFrame: { url: 'https://evil.example/', parent: null } }, { status: 'offline' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await invoke('status.set', okSender, { status: 'gone' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect((await me(b)).version).toBe(before);
    expect(await invoke('status.set', okSender, { status: 'away' })).toMatchObject({ ok: true });
    await intentIs(b, 'away');
    const view = await invoke('status.get', okSender) as { ok: true; value: { status: string; agent: { name: string } } };
    expect(view.value).toMatchObject({ status: 'away', agent: { name: 'Tray Agent' } });
  });
});
