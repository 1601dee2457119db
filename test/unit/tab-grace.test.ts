// SPEC 2.1 tab grace (issue 23) without a browser: which departures earn it, and what the hub does
// with it on a manual clock (a real SQLite store, fake devices and widgets).
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/common/close-codes.js';
import { departureOf } from '../../src/common/presence-rules.js';
import type { DeviceKind } from '../../src/common/protocol.js';
import { TIMINGS } from '../../src/common/timings.js';
import { startPresenceServer } from '../../src/server/app.js';
import { FakeDevice, hubWorld, type HubWorld } from '../helpers/hub-world.js';

let w: HubWorld;
afterEach(async () => { await w?.close(); });

describe('SPEC 2.1: only a browser tab that goes away (1001 from a web device) earns the tab grace', () => {
  const cases: [string, { leftCleanly: boolean; closeCode: number; kind: DeviceKind }, string][] = [
    ['a dashboard tab closed or reloaded', { leftCleanly: false, closeCode: CloseCode.goingAway, kind: 'web' }, 'tab'],
    ['a dashboard tab whose network dropped', { leftCleanly: false, closeCode: CloseCode.abnormal, kind: 'web' }, 'lost'],
    ['a dashboard tab that said bye', { leftCleanly: true, closeCode: CloseCode.goingAway, kind: 'web' }, 'clean'],
    ['a phone browser frozen in the background', { leftCleanly: false, closeCode: CloseCode.goingAway, kind: 'mobile' }, 'lost'],
    ['the desktop app with 1001', { leftCleanly: false, closeCode: CloseCode.goingAway, kind: 'desktop' }, 'lost'],
    ['the CLI killed', { leftCleanly: false, closeCode: CloseCode.abnormal, kind: 'cli' }, 'lost'],
    ['any device closing with 1000', { leftCleanly: false, closeCode: CloseCode.normal, kind: 'desktop' }, 'clean'],
  ];
  it.each(cases)('%s', (_what, d, expected) => {
    expect(departureOf(d)).toBe(expected);
  });
});

describe('SPEC 2.1: the last device leaving as a tab gets --tab-grace, not the full window', () => {
  async function onlineOnWeb(opts: { graceMs?: number; tabGraceMs?: number } = {}) {
    w = await hubWorld(opts);
    const agent = await w.addAgent('tina');
    const device = new FakeDevice(agent.id, 'tab-0001', 'web');
    w.hub.attachDevice(w.accountId, device);
    await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: device.deviceId, kind: 'web' });
    return { agent, device, widget: w.widget() };
  }

  it('turns the agent offline exactly at the tab grace (default 10 s), with one widget message', async () => {
    const { device, widget } = await onlineOnWeb();
    expect(w.hub.tabGraceMs).toBe(TIMINGS.tabGraceMs);
    w.hub.detachDevice(w.accountId, device, 'tab');
    w.clock.advance(TIMINGS.tabGraceMs - 1);
    expect(widget.changes).toEqual([]);
    w.clock.advance(1);
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
  });

  it('a reload (the same device back inside the tab grace) sends no widget message and leaves no timer', async () => {
    const { agent, device, widget } = await onlineOnWeb({ tabGraceMs: 3_000 });
    w.hub.detachDevice(w.accountId, device, 'tab');
    w.clock.advance(2_999);
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'tab-0001', 'web'));
    w.clock.advance(200_000);
    expect(widget.changes).toEqual([]);
    expect(w.clock.pending()).toBe(0);
  });

  it('a network loss of the same tab keeps the full window', async () => {
    const { device, widget } = await onlineOnWeb({ graceMs: 60_000, tabGraceMs: 3_000 });
    w.hub.detachDevice(w.accountId, device, 'lost');
    w.clock.advance(59_999);
    expect(widget.changes).toEqual([]);
    w.clock.advance(1);
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
  });

  it('is never longer than the full window', async () => {
    const { device, widget } = await onlineOnWeb({ graceMs: 2_000, tabGraceMs: 10_000 });
    expect(w.hub.tabGraceMs).toBe(2_000);
    w.hub.detachDevice(w.accountId, device, 'tab');
    w.clock.advance(2_000);
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
  });

  it('another live device keeps the agent online when a tab closes', async () => {
    const { agent, device, widget } = await onlineOnWeb();
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'desk-0001', 'desktop'));
    w.hub.detachDevice(w.accountId, device, 'tab');
    w.clock.advance(TIMINGS.graceMs * 2);
    expect(widget.changes).toEqual([]);
  });
});

describe('server options: --tab-grace', () => {
  it('rejects a negative or non-numeric tab grace with a TypeError, before opening anything', async () => {
    await expect(startPresenceServer({ tabGraceMs: -1, dataDir: '/nonexistent/never-created' })).rejects.toThrow(/tabGraceMs must be zero or a positive number/);
    await expect(startPresenceServer({ tabGraceMs: Number.NaN, dataDir: '/nonexistent/never-created' })).rejects.toThrow(TypeError);
  });
});
