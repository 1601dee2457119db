import { describe, expect, it } from 'vitest';
import { AutoStatus, ConditionPoller, idleCondition, type AutoStatusSettings } from '../../src/main/auto-status.js';
import { FakeClient, manualClock } from './main-fakes.js';

const settings: AutoStatusSettings = { onSuspend: 'offline', onLock: 'away', idleMinutes: 10 };
const setup = (s: Partial<AutoStatusSettings> = {}) => {
  const client = new FakeClient();
  const auto = new AutoStatus(() => client, () => ({ ...settings, ...s }));
  return { client, auto, status: () => client.snapshot.status!.status };
};

describe('SPEC 6: suspend → offline, resume restores', () => {
  it('goes offline on suspend and back online on resume', async () => {
    const { client, auto, status } = setup();
    await auto.begin('suspend');
    expect(status()).toBe('offline');
    expect(client.calls).toContain('set:offline:suspend');
    await auto.end('suspend');
    expect(status()).toBe('online');
    expect(auto.pending).toBeNull();
  });

  it('is configurable: onSuspend nothing leaves the status alone', async () => {
    const { client, auto } = setup({ onSuspend: 'nothing' });
    await auto.begin('suspend');
    expect(client.calls).toEqual([]);
  });

  it('restores away (not online) when the agent was away before the suspend', async () => {
    const { client, auto, status } = setup();
    client.apply('away', 'manual', 'dev-this');
    await auto.begin('suspend');
    await auto.end('suspend');
    expect(status()).toBe('away');
  });
});

describe('SPEC 6: restore only what the app changed', () => {
  it('does not restore when another device changed the status meanwhile', async () => {
    const { client, auto, status } = setup();
    await auto.begin('lock');
    expect(status()).toBe('away');
    client.apply('offline', 'manual', 'dev-phone', 'mobile');
    await auto.end('lock');
    expect(status()).toBe('offline');
    expect(auto.pending).toBeNull();
  });

  it('does not restore after an admin set the agent offline during the suspend', async () => {
    const { client, auto, status } = setup();
    await auto.begin('suspend');
    client.apply('offline', 'admin', null, 'server');
    await auto.end('suspend');
    expect(status()).toBe('offline');
  });

  it('never steps an offline agent up: lock while offline changes nothing, unlock restores nothing', async () => {
    const { client, auto, status } = setup();
    client.apply('offline', 'manual', 'dev-this');
    client.calls = [];
    await auto.begin('lock');
    await auto.end('lock');
    expect(status()).toBe('offline');
    expect(client.calls).toEqual([]);
  });

  it('nests causes: lock then suspend, resume keeps away while still locked, unlock restores online', async () => {
    const { auto, status } = setup();
    await auto.begin('lock');
    await auto.begin('suspend');
    expect(status()).toBe('offline');
    await auto.end('suspend');
    expect(status()).toBe('away');
    await auto.end('lock');
    expect(status()).toBe('online');
  });

  it('a manual change during the automatic one wins (version check)', async () => {
    const { client, auto, status } = setup();
    await auto.begin('idle');
    await client.setStatus('online', 'manual'); // the agent came back and chose online themselves
    client.apply('away', 'manual', 'dev-this'); // …then chose away
    await auto.end('idle');
    expect(status()).toBe('away');
  });
});

describe('SPEC 6: idle for N minutes → away, restored on activity', () => {
  it('polls getSystemIdleTime and flips on the threshold', async () => {
    const clock = manualClock();
    let idleSeconds = 0;
    const { auto, status } = setup();
    const changes: boolean[] = [];
    const watcher = new ConditionPoller(clock, idleCondition(() => idleSeconds, () => 10), (idle) => { changes.push(idle); void (idle ? auto.begin('idle') : auto.end('idle')); }, 15_000);
    watcher.start();
    idleSeconds = 599;
    clock.advance(15_000);
    expect(changes).toEqual([]);
    idleSeconds = 600;
    clock.advance(15_000);
    await Promise.resolve(); await Promise.resolve();
    expect(changes).toEqual([true]);
    await auto.end('suspend'); // no-op; waits for the queue
    expect(status()).toBe('away');
    idleSeconds = 3;
    clock.advance(15_000);
    await auto.end('suspend');
    expect(changes).toEqual([true, false]);
    expect(status()).toBe('online');
    watcher.stop();
    expect(clock.pending()).toBe(0);
  });

  it('idle minutes 0 turns it off', () => {
    const clock = manualClock();
    const changes: boolean[] = [];
    const watcher = new ConditionPoller(clock, idleCondition(() => 1e6, () => 0), (i) => changes.push(i), 15_000);
    watcher.check();
    expect(changes).toEqual([]);
  });
});
