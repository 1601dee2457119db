// Issue 19, finding 3 (second half): one noisy account cannot take the widget fan-out from the
// others. Each account sends at most RATE_LIMITS.widgetFramesPerAccount widget frames per window;
// past that its widgets get the latest status when the window ends, while another account's
// change goes out at once. The hub with fake widgets, a manual clock and a real SQLite store.
import { afterEach, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../src/common/timings.js';
import { FakeDevice, FakeWidget, hubWorld, turn, type HubWorld } from '../helpers/hub-world.js';

let w: HubWorld;
afterEach(async () => { await w?.close(); });

const { max, windowMs } = RATE_LIMITS.widgetFramesPerAccount;
const WIDGETS = 2_000;

async function onlineAgent(accountId: string, name: string) {
  const agent = await w.store.createAgent(accountId, { email: `${name}@fair.example`, name, role: 'agent', passwordHash: 'x', groupIds: [] });
  await w.hub.configChanged(accountId, 'agent');
  const device = new FakeDevice(agent.id, `device-${name}`);
  w.hub.attachDevice(accountId, device);
  await w.hub.setIntent(accountId, agent.id, 'online', 'manual', { deviceId: device.deviceId, kind: 'desktop' });
  return agent;
}

describe('SPEC 7 / issue 19: per-account fairness of the widget fan-out', () => {
  it(`a noisy account past ${max} frames per ${windowMs} ms waits for its next window; another account's change goes out at once`, async () => {
    w = await hubWorld();
    const noisy = await onlineAgent(w.accountId, 'noisy');
    const widgets = Array.from({ length: WIDGETS }, () => w.widget());
    const other = await w.store.createAccount('Quiet');
    await w.hub.accountCreated(other.id);
    const quiet = await onlineAgent(other.id, 'quiet');
    const quietWidget = new FakeWidget();
    w.hub.subscribeWidget(w.hub.account(other.id)!, null, quietWidget);

    const flips = 10;
    for (let i = 0; i < flips; i++) {
      await w.hub.setIntent(w.accountId, noisy.id, i % 2 === 0 ? 'offline' : 'online', 'manual', { deviceId: null, kind: 'server' });
      await turn();
    }
    const fit = max / WIDGETS;
    for (const x of widgets) expect(x.changes).toHaveLength(fit);

    await w.hub.setIntent(other.id, quiet.id, 'offline', 'manual', { deviceId: null, kind: 'server' });
    await turn();
    expect(quietWidget.changes.map((m) => m.online)).toEqual([false]);

    // The window ends: every noisy widget gets one frame, the latest status (flip 10: online).
    w.clock.advance(windowMs);
    for (const x of widgets) {
      expect(x.changes).toHaveLength(fit + 1);
      expect(x.changes.at(-1)).toMatchObject({ online: true });
    }
  });

  it('under the cap every change goes out at once and no timer is armed', async () => {
    w = await hubWorld();
    const agent = await onlineAgent(w.accountId, 'calm');
    const widget = w.widget();
    const timers = w.clock.pending();
    for (let i = 0; i < 50; i++) {
      await w.hub.setIntent(w.accountId, agent.id, i % 2 === 0 ? 'offline' : 'online', 'manual', { deviceId: null, kind: 'server' });
      await turn();
    }
    expect(widget.changes.map((m) => m.online)).toEqual(Array.from({ length: 50 }, (_, i) => i % 2 === 1));
    expect(w.clock.pending()).toBe(timers);
  });
});
