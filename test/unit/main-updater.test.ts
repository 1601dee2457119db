// SPEC 6 "Updates", through the updater port (real updates cannot run here: no packaged app, no
// feed): check at start and every 6 hours, download in the background, never quit or restart by
// itself, and install on quit strictly after the offline was sent.
import { describe, expect, it } from 'vitest';
import { DESKTOP_TIMINGS } from '../../src/common/timings.js';
import type { UpdaterPort } from '../../src/main/ports.js';
import { UpdatePolicy } from '../../src/main/updater.js';
import { bootWired, localBackend } from './main-boot.js';
import { FakeClient, manualClock } from './main-fakes.js';

function fakeUpdater(log: string[]) {
  let downloaded: ((v: string) => void) | null = null;
  const port: UpdaterPort & { finishDownload(v: string): void; feeds: (string | null)[] } = {
    feeds: [],
    setFeedUrl: (url) => { port.feeds.push(url); },
    check: async () => { log.push('check'); },
    onDownloaded: (l) => { downloaded = l; },
    install: () => { log.push('install'); },
    finishDownload: (v) => downloaded?.(v),
  };
  return port;
}
const flush = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };

describe('SPEC 6 updates: checks at start and every 6 hours, with the feed from the settings', () => {
  it('first check shortly after start, then every 6 h; a downloaded update stops the checks', async () => {
    const log: string[] = [];
    const clock = manualClock();
    const port = fakeUpdater(log);
    const policy = new UpdatePolicy(port, clock, () => 'https://updates.example/feed');
    policy.start();
    clock.advance(DESKTOP_TIMINGS.updateFirstCheckMs - 1);
    expect(log).toEqual([]);
    clock.advance(1);
    await flush();
    expect(log).toEqual(['check']);
    expect(port.feeds).toEqual(['https://updates.example/feed']);
    clock.advance(DESKTOP_TIMINGS.updateCheckEveryMs);
    await flush();
    expect(log).toEqual(['check', 'check']);
    port.finishDownload('1.2.3');
    expect(policy.ready).toBe('1.2.3');
    clock.advance(DESKTOP_TIMINGS.updateCheckEveryMs);
    await flush();
    expect(log).toEqual(['check', 'check']);
    policy.stop();
    expect(clock.pending()).toBe(0);
  });

  it('a failing check is logged and the next one still comes', async () => {
    const clock = manualClock();
    const warnings: string[] = [];
    let calls = 0;
    const port = { ...fakeUpdater([]), check: async () => { calls++; throw new Error('feed down'); } };
    const policy = new UpdatePolicy(port, clock, () => null, { info() {}, warn: (m) => warnings.push(m), error() {} });
    policy.start();
    clock.advance(DESKTOP_TIMINGS.updateFirstCheckMs);
    await flush();
    clock.advance(DESKTOP_TIMINGS.updateCheckEveryMs);
    await flush();
    expect(calls).toBe(2);
    expect(warnings).toEqual(['update: check failed', 'update: check failed']);
  });
});

describe('SPEC 6 updates: install on quit strictly after the offline, never a restart by itself', () => {
  it('a downloaded update shows in the tray, does nothing while the agent is online, and installs after the offline on quit', async () => {
    const order: string[] = [];
    const port = fakeUpdater(order);
    const client = new FakeClient();
    const quit = client.goOfflineAndClose;
    client.goOfflineAndClose = async (o) => { order.push('offline'); return quit(o); };
    const b = await bootWired({ platform: 'linux', createClient: () => client, startLocalBackend: localBackend('http://127.0.0.1:5555'), updater: port });
    const exit = b.fake.app.exit;
    b.fake.app.exit = (code: number) => { order.push('exit'); exit(code); };
    port.finishDownload('2.0.0');
    expect(b.fake.tray().item('update')?.label).toBe('Update 2.0.0 installs when you quit');
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]); // online, and nothing quits or restarts by itself
    expect(b.fake.app.quitCalls).toBe(0);
    b.fake.tray().click('quit');
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['offline', 'install', 'exit']);
    b.wired!.desktop.stop();
  });

  it('without a downloaded update, quitting installs nothing', async () => {
    const order: string[] = [];
    const b = await bootWired({ platform: 'win32', createClient: () => new FakeClient(), startLocalBackend: localBackend('http://127.0.0.1:5555'), updater: fakeUpdater(order) });
    b.fake.app.quit();
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    expect(b.fake.app.exits).toHaveLength(1);
    b.wired!.desktop.stop();
  });
});
