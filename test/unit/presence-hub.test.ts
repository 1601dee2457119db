// The hub alone (no sockets, no HTTP): fake device and widget connections, a manual clock and a
// real SQLite store. One describe per SPEC rule the hub applies.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDevice, hubWorld, turn, type HubWorld } from '../helpers/hub-world.js';

let w: HubWorld;
afterEach(async () => { await w?.close(); });

const GRACE = 120_000;

/** A hub with one online agent on one device, and a website widget watching. */
async function started(opts: { graceMs?: number } = {}) {
  w = await hubWorld(opts);
  const online = await onlineAgent(w);
  return { ...online, widget: w.widget() };
}

async function onlineAgent(world: HubWorld, groupIds: string[] = []) {
  const agent = await world.addAgent('ann', groupIds);
  const device = new FakeDevice(agent.id, 'device-0001');
  world.hub.attachDevice(world.accountId, device);
  await world.hub.setIntent(world.accountId, agent.id, 'online', 'manual', { deviceId: device.deviceId, kind: 'desktop' });
  return { agent, device };
}

describe('SPEC 2.1: the grace window after an unclean loss of the last device', () => {
  it('keeps the agent online for the window, then turns it offline with exactly one widget message', async () => {
    const { device, widget } = await started({ graceMs: GRACE });
    expect(widget.received[0]).toMatchObject({ online: true });
    w.hub.detachDevice(w.accountId, device, 'lost');
    w.clock.advance(GRACE - 1);
    expect(widget.changes).toEqual([]);
    w.clock.advance(1);
    expect(widget.changes).toHaveLength(1);
    expect(widget.changes[0]).toMatchObject({ online: false, reason: 'no_agents_online', at: new Date(w.clock.now()).toISOString() });
  });

  it('a device that reconnects inside the window continues without a widget message', async () => {
    const { agent, device, widget } = await started({ graceMs: GRACE });
    w.hub.detachDevice(w.accountId, device, 'lost');
    w.clock.advance(GRACE / 2);
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0001'));
    w.clock.advance(GRACE * 2);
    expect(widget.changes).toEqual([]);
    expect(w.clock.pending()).toBe(0);
  });
});

describe('SPEC 2.1: a clean goodbye removes the device at once', () => {
  it('the last device leaving cleanly turns the chat box offline immediately and arms no timer', async () => {
    const { device, widget } = await started();
    // The hub's own idle-account sweep (issue 20) is always pending; the departure adds nothing.
    const before = w.clock.pending();
    w.hub.detachDevice(w.accountId, device, 'clean');
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
    expect(w.clock.pending()).toBe(before);
  });

  it('another live device keeps the agent online when one leaves cleanly', async () => {
    w = await hubWorld();
    const { agent, device } = await onlineAgent(w);
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0002', 'web'));
    const widget = w.widget();
    w.hub.detachDevice(w.accountId, device, 'clean');
    expect(widget.changes).toEqual([]);
  });
});

describe('SPEC 4.1: a second connection with the same deviceId replaces the first (4409)', () => {
  it('closes the old connection with 4409, and its later close is not a loss', async () => {
    const { agent, device, widget } = await started();
    const newer = new FakeDevice(agent.id, 'device-0001');
    w.hub.attachDevice(w.accountId, newer);
    expect(device.closes).toEqual([{ code: 4409, reason: 'replaced by a newer connection of this device' }]);
    w.hub.detachDevice(w.accountId, device, 'clean');
    expect(widget.changes).toEqual([]);
    expect(w.hub.team(w.hub.account(w.accountId)!)[0]).toMatchObject({ devices: 1, status: 'online' });
  });
});

describe('SPEC 2.1: on server start, agents whose intent was online get a grace window from boot', () => {
  it('an agent that does not come back turns offline one window after the restart', async () => {
    w = await hubWorld({ graceMs: GRACE });
    const { device } = await onlineAgent(w);
    w.hub.detachDevice(w.accountId, device, 'lost');
    const hub = await w.restart(GRACE);
    const widget = w.widget();
    expect(widget.received[0]).toMatchObject({ online: true });
    w.clock.advance(GRACE);
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
    expect(hub.team(hub.account(w.accountId)!)[0]).toMatchObject({ intent: 'online', status: 'offline' });
  });
});

describe('SPEC 2.1: an explicit status change reaches every device of the agent at once', () => {
  it('each device gets the status with the new version; the intent is durable before it is sent', async () => {
    w = await hubWorld();
    const { agent, device } = await onlineAgent(w);
    const other = new FakeDevice(agent.id, 'device-0002', 'web');
    w.hub.attachDevice(w.accountId, other);
    const row = await w.hub.setIntent(w.accountId, agent.id, 'away', 'manual', { deviceId: other.deviceId, kind: 'web' });
    expect((await w.store.getAgent(agent.id))?.version).toBe(row.version);
    // The other device has it at once; the one that made the change with its ack as the turn ends (device-frames.ts).
    expect(device.of('status').at(-1)).toMatchObject({ status: 'away', version: row.version });
    expect(other.of('status').at(-1)?.version).not.toBe(row.version);
    await turn();
    for (const d of [device, other]) expect(d.of('status').at(-1)).toMatchObject({ status: 'away', effective: 'away', version: row.version, by: { deviceId: 'device-0002', kind: 'web' } });
  });
});

describe('SPEC 2.2: group status counts its members and agents in no group', () => {
  it('an agent in no group keeps every group online; a member only its own group', async () => {
    w = await hubWorld();
    const sales = await w.addGroup('Sales');
    const support = await w.addGroup('Support');
    const loose = await onlineAgent(w);
    const salesWidget = w.widget(sales);
    const supportWidget = w.widget(support);
    expect([salesWidget.received[0]?.online, supportWidget.received[0]?.online]).toEqual([true, true]);
    const seller = await w.addAgent('sam', [sales]);
    w.hub.attachDevice(w.accountId, new FakeDevice(seller.id, 'device-0003'));
    await w.hub.setIntent(w.accountId, seller.id, 'online', 'manual', { deviceId: null, kind: 'server' });
    await w.hub.setIntent(w.accountId, loose.agent.id, 'offline', 'manual', { deviceId: null, kind: 'server' });
    expect(salesWidget.changes).toEqual([]);
    expect(supportWidget.changes.map((m) => m.online)).toEqual([false]);
  });
});

describe('SPEC 2.2: widget subscribers receive a message only when their status changes', () => {
  it('setting the same status again bumps the version but sends no widget message', async () => {
    const { agent, widget } = await started();
    const again = await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: null, kind: 'server' });
    expect(again.version).toBe(2);
    expect(widget.changes).toEqual([]);
  });
});

describe('SPEC 2.1: a disabled agent never counts', () => {
  it('disabling closes its devices with 4403 and turns the chat box offline', async () => {
    const { agent, device, widget } = await started();
    await w.store.updateAgent(agent.id, { disabled: true });
    await w.hub.configChanged(w.accountId, 'agent');
    expect(device.closes).toEqual([{ code: 4403, reason: 'agent disabled' }]);
    expect(widget.changes.map((m) => m.online)).toEqual([false]);
  });
});

describe('decisions: a deleted group closes its widgets with 4404', () => {
  it('the widgets of the group, and only those, are closed', async () => {
    w = await hubWorld();
    const group = await w.addGroup('Gone');
    const groupWidget = w.widget(group);
    const siteWidget = w.widget();
    await w.store.deleteGroup(group);
    await w.hub.configChanged(w.accountId, 'groups');
    expect(groupWidget.closes).toEqual([4404]);
    expect(siteWidget.closes).toEqual([]);
  });
});

describe('SPEC 4.1: team messages are coalesced per account and turn of the event loop', () => {
  it('three changes in one turn give each device one team message with the last state', async () => {
    w = await hubWorld();
    const { agent, device } = await onlineAgent(w);
    await turn();
    const before = device.of('team').length;
    const bob = await w.addAgent('bob');
    const bobDevice = new FakeDevice(bob.id, 'device-0009');
    w.hub.attachDevice(w.accountId, bobDevice);
    w.hub.detachDevice(w.accountId, bobDevice, 'clean');
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0005', 'web'));
    await turn();
    const teams = device.of('team').slice(before);
    expect(teams).toHaveLength(1);
    expect(teams[0].agents.find((a: { id: string }) => a.id === agent.id)).toMatchObject({ devices: 2 });
  });
});
