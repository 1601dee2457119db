// SPEC 7 (second generation): an agent's other devices get their own-status frame no later than
// the first widget gets the change. With fake connections the hub's send order is the delivery
// order, so one shared log of sends tells whether the devices were served before the fan-out.
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/server/bus.js';
import { createMetrics } from '../../src/server/metrics.js';
import { PresenceHub } from '../../src/server/presence/hub.js';
import { FakeDevice, FakeWidget, hubWorld, turn, type HubWorld } from '../helpers/hub-world.js';

let w: HubWorld;
const extraHubs: PresenceHub[] = [];
afterEach(async () => {
  for (const hub of extraHubs.splice(0)) await hub.close();
  await w?.close();
});

/** Every send of every fake connection, in the order the hub made them. */
type Entry = { who: string; type: string };

/** Logged when the frame reaches the connection: a device's held frames only on release. */
function logged<T extends FakeDevice | FakeWidget>(conn: T, who: string, log: Entry[]): T {
  const target = conn as unknown as { deliver?: (data: string | Buffer) => void; send: (data: string | Buffer) => void };
  const key = target.deliver ? 'deliver' : 'send';
  const original = target[key]!.bind(conn);
  target[key] = (data: string | Buffer) => {
    log.push({ who, type: (JSON.parse(String(data)) as { type: string }).type });
    original(data);
  };
  return conn;
}

/** Where in the log the first widget change and the last own-status frame of `devices` are. */
function order(log: Entry[], from: number, devices: string[]): { lastDevice: number; firstWidget: number } {
  const tail = log.slice(from);
  const lastDevice = Math.max(...devices.map((d) => tail.findIndex((e) => e.who === d && e.type === 'status')));
  const firstWidget = tail.findIndex((e) => e.who.startsWith('widget') && e.type === 'chatBox.status');
  return { lastDevice, firstWidget };
}

describe('SPEC 7: own status before the widget fan-out', () => {
  it('a status.set from one device reaches the other devices before any widget of the website or a group', async () => {
    w = await hubWorld();
    const group = await w.addGroup('sales');
    const agent = await w.addAgent('ann', [group]);
    const log: Entry[] = [];
    const devices = ['device-a', 'device-b', 'device-c'].map((id) => logged(new FakeDevice(agent.id, id), id, log));
    for (const d of devices) w.hub.attachDevice(w.accountId, d);
    const state = w.hub.account(w.accountId)!;
    for (let i = 0; i < 50; i++) w.hub.subscribeWidget(state, i % 2 === 0 ? null : group, logged(new FakeWidget(), `widget-${i}`, log));
    for (const status of ['online', 'offline', 'online', 'offline'] as const) {
      const from = log.length;
      await w.hub.setIntent(w.accountId, agent.id, status, 'manual', { deviceId: 'device-a', kind: 'desktop' });
      const { lastDevice, firstWidget } = order(log, from, ['device-b', 'device-c']);
      expect(lastDevice, `${status}: every other device got its status`).toBeGreaterThanOrEqual(0);
      expect(firstWidget, `${status}: the widgets got the change`).toBeGreaterThanOrEqual(0);
      expect(lastDevice, `${status}: devices before the first widget`).toBeLessThan(firstWidget);
    }
  });

  it('a timed status returning at its deadline reaches the devices before the widgets', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('bob');
    const log: Entry[] = [];
    const device = logged(new FakeDevice(agent.id, 'device-a'), 'device-a', log);
    w.hub.attachDevice(w.accountId, device);
    const state = w.hub.account(w.accountId)!;
    for (let i = 0; i < 20; i++) w.hub.subscribeWidget(state, null, logged(new FakeWidget(), `widget-${i}`, log));
    await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: 'device-a', kind: 'desktop' });
    await w.hub.setIntent(w.accountId, agent.id, 'offline', 'manual', { deviceId: 'device-a', kind: 'desktop' }, { until: w.clock.now() + 60_000 });
    const from = log.length;
    w.clock.advance(60_000);
    for (let i = 0; i < 20 && order(log, from, ['device-a']).firstWidget < 0; i++) await turn();
    const { lastDevice, firstWidget } = order(log, from, ['device-a']);
    expect(firstWidget, 'the widgets saw the timer bring the agent back online').toBeGreaterThanOrEqual(0);
    expect(lastDevice).toBeGreaterThanOrEqual(0);
    expect(lastDevice).toBeLessThan(firstWidget);
  });

  it('a change committed on another node reaches this node\'s devices before its widgets', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('cy');
    const bus = new InProcessBus();
    // Each node loads the account as its gateway would on a first socket (issue 20).
    const make = async () => {
      const hub = await PresenceHub.create({ store: w.store, bus, clock: w.clock, graceMs: 120_000, metrics: createMetrics() });
      await hub.ensureAccount(w.accountId);
      return hub;
    };
    const a = await make();
    const b = await make();
    extraHubs.push(a, b);
    const log: Entry[] = [];
    a.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-a'));
    b.attachDevice(w.accountId, logged(new FakeDevice(agent.id, 'device-b'), 'device-b', log));
    for (let i = 0; i < 20; i++) b.subscribeWidget(b.account(w.accountId)!, null, logged(new FakeWidget(), `widget-${i}`, log));
    const from = log.length;
    await a.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: 'device-a', kind: 'desktop' });
    for (let i = 0; i < 20 && order(log, from, ['device-b']).firstWidget < 0; i++) await turn();
    const { lastDevice, firstWidget } = order(log, from, ['device-b']);
    expect(firstWidget, 'node B\'s widgets got the change').toBeGreaterThanOrEqual(0);
    expect(lastDevice).toBeGreaterThanOrEqual(0);
    expect(lastDevice).toBeLessThan(firstWidget);
  });
});
