// SPEC 11 time off in the desktop app: the real wiring (wire.ts) on the fake electron of each OS with
// a fake client whose status says "on leave". Nothing automatic puts the agent online — follow office
// hours at an opening, the restores after unlock, wake and activity — while the steps down still
// happen and a manual choice in the tray still works. (The server refuses the same changes too:
// test/integration/time-off.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_TIMINGS } from '../../src/common/timings.js';
import { AutoStatus } from '../../src/main/auto-status.js';
import type { WiredApp } from '../../src/main/wire.js';
import { bootWired, localBackend, type BootOptions } from './main-boot.js';
import { FakeClient, PLATFORMS, manualClock, type FakePlatform } from './main-fakes.js';

let wired: WiredApp | null = null;
afterEach(() => { wired?.desktop.stop(); wired = null; });

function onLeave(client: FakeClient): void {
  client.emit({ status: { ...client.snapshot.status!, leaveUntil: '2026-12-31' } });
}

async function boot(platform: FakePlatform, o: Partial<BootOptions> = {}) {
  const client = new FakeClient();
  const b = await bootWired({ platform, createClient: () => client, startLocalBackend: localBackend('http://127.0.0.1:5555'), quitDeadlineMs: 500, ...o });
  wired = b.wired;
  return { ...b, client, os: b.fake.os, tray: () => b.fake.tray() };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const onlineSets = (c: FakeClient) => c.calls.filter((x) => x.startsWith('set:online:'));

describe.each(PLATFORMS)('SPEC 11 on %s: time off in the tray app', (platform) => {
  it('lock → away, sleep → offline, wake → away again, unlock restores nothing to online', async () => {
    const clock = manualClock();
    const b = await boot(platform, { clock });
    onLeave(b.client);
    const pollLock = async () => { clock.advance(DESKTOP_TIMINGS.lockPollMs); await tick(); };
    b.os.lockScreen();
    await pollLock();
    expect(b.client.snapshot.status?.status).toBe('away');
    b.os.suspend();
    await tick();
    expect(b.client.snapshot.status?.status).toBe('offline');
    b.os.resume();
    await tick();
    expect(b.client.snapshot.status?.status).toBe('away');
    b.os.unlockScreen();
    await pollLock();
    expect(b.client.snapshot.status?.status).toBe('away');
    expect(onlineSets(b.client)).toEqual([]);
  });

  it('follow office hours: the closing still sets offline, the opening does not set online', async () => {
    const b = await boot(platform, { settings: { followOfficeHours: true } });
    onLeave(b.client);
    b.client.emit({ chatBox: { website: { online: false, reason: 'outside_office_hours', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(b.client.calls).toContain('set:offline:schedule');
    b.client.emit({ chatBox: { website: { online: false, reason: 'no_agents_online', nextOpenAt: null }, groups: {} } });
    await tick();
    expect(onlineSets(b.client)).toEqual([]);
  });

  it('a manual Online in the tray menu still works', async () => {
    const b = await boot(platform);
    onLeave(b.client);
    b.tray().click('status-offline');
    await tick();
    b.tray().click('status-online');
    await tick();
    expect(b.client.calls).toContain('set:online:manual');
    expect(b.client.snapshot.status?.status).toBe('online');
  });
});

describe.each(PLATFORMS)('SPEC 11 on %s: timed choices in the tray menu', (platform) => {
  it('Away for 15 minutes and 1 hour send until from the app clock; Offline until the next opening uses nextOpenAt', async () => {
    const clock = manualClock(Date.parse('2026-12-02T12:00:00Z'));
    const b = await boot(platform, { clock });
    b.tray().click('away-15');
    b.tray().click('away-60');
    await tick();
    expect(b.client.calls).toContain('set:away:manual:until=2026-12-02T12:15:00.000Z');
    expect(b.client.calls).toContain('set:away:manual:until=2026-12-02T13:00:00.000Z');
    expect(b.tray().item('offline-until-open')?.enabled).toBe(false);
    b.client.emit({ chatBox: { website: { online: false, reason: 'outside_office_hours', nextOpenAt: '2026-12-03T09:00:00.000+01:00' }, groups: {} } });
    expect(b.tray().item('offline-until-open')?.enabled).toBe(true);
    b.tray().click('offline-until-open');
    await tick();
    expect(b.client.calls).toContain('set:offline:manual:until=2026-12-03T08:00:00.000Z');
  });
});

describe('SPEC 11: idle on leave', () => {
  it('idle → away still happens; activity does not restore online, and the app forgets its change', async () => {
    const client = new FakeClient();
    const auto = new AutoStatus(() => client, () => ({ onSuspend: 'offline', onLock: 'away', idleMinutes: 10 }));
    onLeave(client);
    await auto.begin('idle');
    expect(client.snapshot.status?.status).toBe('away');
    await auto.end('idle');
    expect(client.snapshot.status?.status).toBe('away');
    expect(onlineSets(client)).toEqual([]);
    expect(auto.pending).toBeNull();
  });
});
