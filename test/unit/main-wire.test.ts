// The real wiring (wire.ts) with a fake electron module and a fake client: power events, app
// events, signals, tray clicks and window behaviour reach the right logic.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/clock.js';
import { memoryStore } from '../../src/main/settings-service.js';
import { wireDesktopApp, type WiredApp } from '../../src/main/wire.js';
import { FakeClient, fakeElectron, fakeEvent, fakeSignals, FakeNotification, type FakeElectron } from './main-fakes.js';

let wired: WiredApp | null = null;
afterEach(() => { wired?.desktop.stop(); wired = null; });

async function boot(opts: { settings?: Record<string, unknown>; lock?: boolean } = {}) {
  const fake = fakeElectron();
  fake.app.lock = opts.lock ?? true;
  const client = new FakeClient();
  const signals = fakeSignals();
  const closed: string[] = [];
  const store = memoryStore({ version: 2, settings: { serverUrl: null, ...opts.settings }, credentials: { deviceId: 'dev-this' } });
  wired = await wireDesktopApp(fake.asElectron(), {
    createClient: () => client,
    startLocalBackend: async () => ({ url: 'http://127.0.0.1:5555', login: { email: 'me@local', password: 'pw' }, close: async () => { closed.push('backend'); } }),
    store,
    paths: { preload: '/app/dist-electron/preload.cjs', rendererDir: '/nonexistent', trayIconDir: '/icons' },
    clock: systemClock,
    signals,
    platform: 'linux',
    log: { info() {}, warn() {}, error() {} },
    quitDeadlineMs: 500,
  });
  return { fake, client, signals, closed, wired, tray: () => fake.Tray.instances[0]! };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const exited = async (fake: FakeElectron) => { for (let i = 0; i < 50 && fake.app.exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10)); return fake.app.exits; };

describe('SPEC 6: single instance', () => {
  it('a second launch quits at once; the first shows its window on second-instance', async () => {
    const second = await boot({ lock: false });
    expect(second.wired).toBeNull();
    expect(second.fake.app.quitCalls).toBe(1);
    const first = await boot();
    first.fake.app.emit('second-instance');
    expect(first.fake.BrowserWindow.instances[0]!.visible).toBe(true);
  });
});

describe('SPEC 6: with no server configured the app starts the backend and signs in the local agent', () => {
  it('logs in and starts the client', async () => {
    const { client, wired: w } = await boot();
    expect(client.calls.slice(0, 2)).toEqual(['login', 'start']);
    expect(w!.desktop.session.serverUrl).toBe('http://127.0.0.1:5555');
  });
});

describe('SPEC 6 tray wiring', () => {
  it('menu clicks set the status; the icon follows', async () => {
    const { client, tray } = await boot();
    tray().click('status-away');
    await tick();
    expect(client.calls).toContain('set:away:manual');
    expect(tray().image.path).toBe('/icons/away.png');
    expect(tray().item('status-away')?.checked).toBe(true);
  });

  it('start at login toggles the OS login item', async () => {
    const { fake, tray } = await boot();
    tray().click('start-at-login');
    expect(fake.app.loginItem.openAtLogin).toBe(true);
    expect(tray().item('start-at-login')?.checked).toBe(true);
  });

  it('tray click opens the window', async () => {
    const { fake, tray } = await boot();
    tray().emit('click');
    expect(fake.BrowserWindow.instances[0]!.visible).toBe(true);
  });
});

describe('SPEC 6 lifecycle wiring', () => {
  it('before-quit is intercepted once: offline with reason quit, participants, then app.exit', async () => {
    const { fake, client, closed } = await boot();
    const e = fakeEvent();
    fake.app.emit('before-quit', e);
    expect(e.defaultPrevented).toBe(true);
    expect(await exited(fake)).toHaveLength(1);
    expect(client.calls).toContain('quit:quit');
    expect(closed).toEqual(['backend']);
  });

  it('powerMonitor shutdown → reason shutdown', async () => {
    const { fake, client } = await boot();
    const e = fakeEvent();
    fake.powerMonitor.emit('shutdown', e);
    expect(e.defaultPrevented).toBe(true);
    await exited(fake);
    expect(client.calls).toContain('quit:shutdown');
  });

  it.each([[['logoff'], 'logout'], [['shutdown'], 'shutdown'], [['critical'], 'shutdown']])('Windows session end %j → %s, never blocked', async (reasons, reason) => {
    const { fake, client } = await boot();
    const e = fakeEvent({ reasons });
    fake.BrowserWindow.instances[0]!.emit('query-session-end', e);
    expect(e.defaultPrevented).toBe(false);
    await exited(fake);
    expect(client.calls).toContain(`quit:${reason}`);
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s → reason logout', async (sig) => {
    const { fake, client, signals } = await boot();
    signals.send(sig);
    await exited(fake);
    expect(client.calls).toContain('quit:logout');
  });

  it('quit behaviour "device" signs off this device only', async () => {
    const { fake, client } = await boot({ settings: { quitBehaviour: 'device' } });
    fake.app.quit();
    await exited(fake);
    expect(client.calls).toContain('bye');
    expect(client.calls.some((c) => c.startsWith('quit:'))).toBe(false);
  });

  it('closing the window hides it while running, and lets it close while quitting', async () => {
    const { fake } = await boot();
    const win = fake.BrowserWindow.instances[0]!;
    expect(win.tryClose().defaultPrevented).toBe(true);
    fake.app.quit();
    expect(win.tryClose().defaultPrevented).toBe(false);
  });

  it('suspend, lock-screen, resume and unlock-screen reach the automatic status', async () => {
    const { fake, client } = await boot();
    fake.powerMonitor.emit('lock-screen');
    await tick();
    expect(client.snapshot.status?.status).toBe('away');
    fake.powerMonitor.emit('suspend');
    await tick();
    expect(client.snapshot.status?.status).toBe('offline');
    fake.powerMonitor.emit('resume');
    await tick();
    expect(client.calls).toContain('hint:resume');
    expect(client.snapshot.status?.status).toBe('away');
    fake.powerMonitor.emit('unlock-screen');
    await tick();
    expect(client.snapshot.status?.status).toBe('online');
  });
});

describe('SPEC 6: notifications when another device or an admin changes the status', () => {
  it('notifies for foreign changes only', async () => {
    const { client } = await boot();
    client.apply('away', 'manual', 'dev-this');
    expect(FakeNotification.shown).toEqual([]);
    client.apply('offline', 'admin', null, 'server');
    expect(FakeNotification.shown.at(-1)?.body).toMatch(/by an admin/);
    client.apply('online', 'manual', 'dev-phone', 'mobile');
    expect(FakeNotification.shown.at(-1)?.body).toMatch(/your mobile device/);
    expect(FakeNotification.shown).toHaveLength(2);
  });

  it('follow office hours: online when the chat box opens, offline when it closes', async () => {
    const { client } = await boot({ settings: { followOfficeHours: true } });
    client.emit({ chatBox: { website: { online: false, reason: 'outside_office_hours', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(client.calls).toContain('set:offline:schedule');
    client.emit({ chatBox: { website: { online: false, reason: 'no_agents_online', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(client.calls).toContain('set:online:schedule');
  });
});
