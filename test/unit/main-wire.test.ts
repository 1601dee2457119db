// The real wiring (wire.ts) on the fake electron of each OS (darwin, win32, linux) with a fake
// client: what the user or the OS does reaches the right logic, the way that OS delivers it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID } from '../../src/main/app-identity.js';
import { DESKTOP_TIMINGS } from '../../src/common/timings.js';
import type { WiredApp } from '../../src/main/wire.js';
import { bootWired, localBackend, type BootOptions } from './main-boot.js';
import { createNotifier } from '../../src/main/wire-tray.js';
import { FakeClient, PLATFORMS, fakeElectron, manualClock, type FakePlatform } from './main-fakes.js';

let wired: WiredApp | null = null;
afterEach(() => { wired?.desktop.stop(); wired = null; });

async function boot(platform: FakePlatform, o: Partial<BootOptions> = {}) {
  const client = new FakeClient();
  const closed: string[] = [];
  const b = await bootWired({ platform, createClient: () => client, startLocalBackend: localBackend('http://127.0.0.1:5555', undefined, closed), quitDeadlineMs: 500, ...o });
  wired = b.wired;
  return { ...b, client, closed, os: b.fake.os, tray: () => b.fake.tray(), win: () => b.fake.window() };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const exited = async (b: { fake: { app: { exits: unknown[] } } }) => { for (let i = 0; i < 50 && b.fake.app.exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10)); return b.fake.app.exits; };

describe.each(PLATFORMS)('SPEC 6 on %s: single instance, a second launch shows the window', (platform) => {
  it('a second process quits at once; the running app shows and focuses its window', async () => {
    const second = await boot(platform, { lock: false });
    expect(second.wired).toBeNull();
    expect(second.fake.app.quitCalls).toBe(1);
    const first = await boot(platform);
    first.os.launchAgain();
    expect(first.win().visible).toBe(true);
    expect(first.win().focused).toBe(true);
  });
});

describe.each(PLATFORMS)('SPEC 6 on %s: the tray', (platform) => {
  it('menu clicks set the status; the icon follows, in the format of the OS', async () => {
    const b = await boot(platform);
    b.tray().click('status-away');
    await tick();
    expect(b.client.calls).toContain('set:away:manual');
    expect(b.tray().image.path).toBe({ darwin: '/icons/awayTemplate.png', win32: '/icons/away.ico', linux: '/icons/away.png' }[platform]);
    expect(b.tray().item('status-away')?.checked).toBe(true);
  });

  it(platform === 'darwin' ? 'a click only opens the menu (no window on every visit)' : 'a click opens the window', async () => {
    const b = await boot(platform);
    b.os.clickTray();
    expect(b.win().visible).toBe(platform !== 'darwin');
    if (platform === 'darwin') expect(b.tray().menuOpen).toBe(true);
  });

  it('the menu is rebuilt only when what it shows changes (a swap closes an open menu)', async () => {
    const b = await boot(platform);
    const sets = b.tray().menuSets;
    b.tray().menuOpen = true;
    b.client.emit({ lastError: null }); // a snapshot that changes nothing the menu shows
    b.client.emit({ chatBox: { ...b.client.snapshot.chatBox! } });
    expect(b.tray().menuSets).toBe(sets);
    expect(b.tray().closedByReplace).toBe(0);
    b.client.apply('away', 'manual', 'dev-phone', 'mobile');
    expect(b.tray().menuSets).toBe(sets + 1);
    expect(b.tray().item('status-away')?.checked).toBe(true);
  });

  it('a change by an admin notifies; each notification stays referenced until it closes or fails', async () => {
    const b = await boot(platform);
    b.client.apply('offline', 'admin', null, 'server');
    expect(b.fake.shownNotifications.at(-1)?.body).toMatch(/by an admin/);
    const fake = fakeElectron({ platform });
    const notifier = createNotifier(fake.asElectron(), 3);
    notifier.show('a', '1');
    notifier.show('b', '2');
    expect(notifier.retained()).toBe(2);
    fake.notifications[0]!.emit('close');
    fake.notifications[1]!.emit('failed', {}, 'no daemon');
    expect(notifier.retained()).toBe(0);
    for (let i = 0; i < 5; i++) notifier.show('c', String(i));
    expect(notifier.retained()).toBe(3);
  });
});

describe.each(PLATFORMS)('SPEC 6 on %s: start at login', (platform) => {
  it('the menu item turns the OS login item on and off', async () => {
    const b = await boot(platform);
    b.tray().click('start-at-login');
    expect(b.tray().item('start-at-login')?.checked).toBe(true);
    const entry = path.join(b.home, '.config/autostart', `${APP_ID}.desktop`);
    if (platform === 'linux') {
      // setLoginItemSettings does nothing on Linux; the XDG autostart entry is the login item.
      expect(b.fake.app.loginItem.openAtLogin).toBe(false);
      const text = readFileSync(entry, 'utf8');
      expect(text).toMatch(/^\[Desktop Entry\]$/m);
      expect(text).toMatch(/^Exec="\/opt\/Agent Presence\/agent-presence" \/src\/agent-presence --hidden$/m);
    } else {
      expect(b.fake.app.loginItem).toEqual({ openAtLogin: true, args: platform === 'win32' ? ['--hidden'] : [] });
      expect(existsSync(entry)).toBe(false);
    }
    b.tray().click('start-at-login');
    if (platform === 'linux') expect(existsSync(entry)).toBe(false);
    else expect(b.fake.app.loginItem.openAtLogin).toBe(false);
  });
});

describe('SPEC 6 on linux: the packaged AppImage starts itself at login', () => {
  it('the autostart entry runs the AppImage file, not the temporary mount', async () => {
    const b = await boot('linux', { packaged: true, host: { env: { APPIMAGE: '/home/me/Apps/Agent Presence.AppImage' }, execPath: '/tmp/.mount_AgentX/agent-presence' } });
    b.wired!.desktop.settings.update({ startAtLogin: true });
    const text = readFileSync(path.join(b.home, '.config/autostart', `${APP_ID}.desktop`), 'utf8');
    expect(text).toMatch(/^Exec="\/home\/me\/Apps\/Agent Presence.AppImage" --hidden$/m);
  });
});

describe.each(PLATFORMS)('SPEC 6 on %s: OS identity', (platform) => {
  it('Windows gets the AppUserModelID before anything else; macOS hides the Dock icon', async () => {
    const b = await boot(platform);
    expect(b.fake.app.appUserModelId).toBe(platform === 'win32' ? APP_ID : null);
    if (platform === 'darwin') expect((b.fake as { dock: { hidden: boolean } }).dock.hidden).toBe(true);
    else expect(b.fake.app.dock).toBeUndefined();
  });
});

describe.each(PLATFORMS)('SPEC 6 on %s: a launch without a tray host shows the window', (platform) => {
  it.each([[false, ['agent-presence']], [null, ['agent-presence']], [true, ['agent-presence']], [false, ['agent-presence', '--hidden']]] as const)(
    'tray host %s, argv %j', async (host, argv) => {
      const b = await boot(platform, { probeTrayHost: async () => host, host: { argv } });
      expect(b.win().visible).toBe(platform === 'linux' && host !== true && !(argv as readonly string[]).includes('--hidden'));
    });
});

describe.each(PLATFORMS)('SPEC 6 on %s: quitting', (platform) => {
  it('before-quit is intercepted once: offline with reason quit, participants, then app.exit', async () => {
    const b = await boot(platform);
    b.fake.app.quit();
    expect(await exited(b)).toHaveLength(1);
    expect(b.client.calls).toContain('quit:quit');
    expect(b.closed).toEqual(['backend']);
  });

  it('an OS shutdown sends the offline with reason shutdown and exits', async () => {
    const b = await boot(platform);
    const e = b.os.shutdown();
    await exited(b);
    // Windows: the offline goes out at query-session-end (a status change), the exit at session-end.
    if (platform === 'win32') expect(b.client.calls).toContain('set:offline:shutdown');
    expect(b.client.calls.filter((c) => c.startsWith('quit:'))).toEqual(['quit:shutdown']);
    // Never block Windows' session end; macOS and Linux get the deadline's worth of delay.
    expect(e?.defaultPrevented).toBe(platform !== 'win32');
    expect(b.fake.app.exits).toHaveLength(1);
  });

  it('quit behaviour "device" signs off this device only', async () => {
    const b = await boot(platform, { settings: { quitBehaviour: 'device' } });
    b.fake.app.quit();
    await exited(b);
    expect(b.client.calls).toContain('bye');
    expect(b.client.calls.some((c) => c.startsWith('quit:'))).toBe(false);
  });

  it('closing the window hides it while running, and lets it close while quitting', async () => {
    const b = await boot(platform);
    expect(b.win().tryClose().defaultPrevented).toBe(true);
    b.fake.app.quit();
    expect(b.win().tryClose().defaultPrevented).toBe(false);
  });
});

describe('SPEC 6 on win32: query-session-end sends the offline, session-end exits, a cancel restores', () => {
  it('query-session-end: offline at once (reason shutdown), no exit, not blocked; session-end exits', async () => {
    const b = await boot('win32');
    const q = b.fake.windows[0]!;
    const e = { reasons: ['shutdown'], defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    q.emit('query-session-end', e);
    await tick();
    expect(b.client.snapshot.status?.status).toBe('offline');
    expect(b.client.calls).toContain('set:offline:shutdown');
    expect(e.defaultPrevented).toBe(false);
    expect(b.fake.app.exits).toHaveLength(0);
    q.emit('session-end', { reasons: ['shutdown'] });
    expect(await exited(b)).toHaveLength(1);
  });

  it('a logoff says logout', async () => {
    const b = await boot('win32');
    b.os.shutdown({ reasons: ['logoff'] });
    await exited(b);
    expect(b.client.calls).toContain('set:offline:logout');
    expect(b.client.calls).toContain('quit:logout');
  });

  it('a cancelled shutdown (no session-end) puts the previous status back', async () => {
    const clock = manualClock();
    const b = await boot('win32', { clock });
    b.os.shutdown({ cancelled: true });
    await tick();
    expect(b.client.snapshot.status?.status).toBe('offline');
    clock.advance(DESKTOP_TIMINGS.sessionEndCancelMs);
    await tick(); await tick();
    expect(b.client.snapshot.status?.status).toBe('online');
    expect(b.fake.app.exits).toHaveLength(0);
  });

  it('a cancelled shutdown leaves alone a status someone else changed meanwhile', async () => {
    const clock = manualClock();
    const b = await boot('win32', { clock });
    b.os.shutdown({ cancelled: true });
    await tick();
    b.client.apply('away', 'manual', 'dev-phone', 'mobile');
    clock.advance(DESKTOP_TIMINGS.sessionEndCancelMs);
    await tick(); await tick();
    expect(b.client.snapshot.status?.status).toBe('away');
  });
});

describe.each(['darwin', 'linux'] as const)('SPEC 6 on %s: signals go through the quit path with reason logout', (platform) => {
  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s → offline (logout), exit; a second signal does not kill the quit', async (sig) => {
    const b = await boot(platform);
    b.os.signal(sig);
    b.os.signal(sig); // Ctrl-C twice, or the session manager repeating itself
    await exited(b);
    expect(b.client.calls).toContain('quit:logout');
    expect(b.fake.signals.killedBy).toBeNull();
    expect(b.fake.app.exits).toHaveLength(1);
  });

  it('if Electron\'s own one-shot handler runs instead, before-quit still sends the offline', async () => {
    const b = await boot(platform);
    b.fake.signals.handler.set('SIGTERM', 'electron'); // Electron's sigaction installed last
    b.os.signal('SIGTERM');
    await exited(b);
    expect(b.client.calls.filter((c) => c.startsWith('quit:'))).toEqual(['quit:quit']);
    expect(b.fake.app.exits).toHaveLength(1);
  });
});

describe('SPEC 6 on win32: Ctrl-C in the console', () => {
  it('SIGINT → offline (logout); SIGTERM cannot be caught on Windows', async () => {
    const b = await boot('win32');
    b.os.signal('SIGINT');
    await exited(b);
    expect(b.client.calls).toContain('quit:logout');
  });
});

describe.each(PLATFORMS)('SPEC 6 on %s: lock, sleep and wake', (platform) => {
  it('lock → away, sleep → offline, wake → away again, unlock → online', async () => {
    const clock = manualClock();
    const b = await boot(platform, { clock });
    const pollLock = async () => { clock.advance(DESKTOP_TIMINGS.lockPollMs); await tick(); };
    b.os.lockScreen();
    await pollLock(); // Linux has no lock-screen event: the poll sees getSystemIdleState() === 'locked'
    expect(b.client.snapshot.status?.status).toBe('away');
    b.os.suspend();
    await tick();
    expect(b.client.snapshot.status?.status).toBe('offline');
    b.os.resume();
    await tick();
    expect(b.client.calls).toContain('hint:resume');
    expect(b.client.snapshot.status?.status).toBe('away');
    b.os.unlockScreen();
    await pollLock();
    expect(b.client.snapshot.status?.status).toBe('online');
  });
});

describe('SPEC 6: follow office hours', () => {
  it('online when the chat box opens, offline when it closes', async () => {
    const b = await boot('linux', { settings: { followOfficeHours: true } });
    b.client.emit({ chatBox: { website: { online: false, reason: 'outside_office_hours', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(b.client.calls).toContain('set:offline:schedule');
    b.client.emit({ chatBox: { website: { online: false, reason: 'no_agents_online', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(b.client.calls).toContain('set:online:schedule');
  });
});
