// Issue 10: losing a node. A killed node (sockets dropped without a close frame, leases left to
// expire) must not flap the widgets of agents whose devices reconnect to the other node inside the
// grace window; agents whose devices never come back turn offline one grace window after their
// leases expire. Real clock, short lease TTL and grace so the test takes seconds.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { settle } from '../helpers/manual-clock.js';
import { widgetSocket } from '../helpers/server.js';

const available = await clusterServicesAvailable();
const GRACE = 3_000;
const TTL = 1_500;

describe.skipIf(!available)('cluster: a node dies with agents on it', () => {
  let c: TestCluster;
  afterEach(async () => { await c?.close(); });

  it('devices that reconnect elsewhere inside the grace window cause zero flaps; the others go offline one grace after lease expiry', async () => {
    c = await startTestCluster({ graceMs: GRACE, leaseTtlMs: TTL });
    const gA = await c.createGroup('A');
    const gB = await c.createGroup('B');
    const alice = await c.createAgent({ groupIds: [gA.id] });
    const bob = await c.createAgent({ groupIds: [gB.id] });
    const doomed = c.node(1).wsUrl;
    const a = await connectAgent(doomed, alice.token);
    const b = await connectAgent(doomed, bob.token);
    await a.setStatus('online');
    await b.setStatus('online');
    const wA = await widgetSocket(c.node(0), gA.id);
    const wB = await widgetSocket(c.node(0), gB.id);
    await wA.next((m) => m.online);
    await wB.next((m) => m.online);
    const before = wA.messages.length;

    const killedAt = Date.now();
    await c.kill(1);
    expect((await a.closed).code).toBe(1006); // no close frame: as after kill -9
    await settle(300);
    // Alice's tray reconnects through the load balancer to the surviving node; Bob's laptop is gone.
    const back = await connectAgent(c.node(0).wsUrl, alice.token, { deviceId: a.deviceId });
    expect(back.messages[0]).toMatchObject({ type: 'welcome', status: { status: 'online', effective: 'online' } });

    const off = await wB.next((m) => !m.online, TTL + GRACE + 6_000);
    const after = Date.now() - killedAt;
    expect(after).toBeGreaterThanOrEqual(GRACE);
    expect(after).toBeLessThan(TTL + GRACE + c.buses[0]!.timings.reapMs + 1_500);
    expect(off.reason).toBe('no_agents_online');
    await settle(500);
    expect(wA.messages.length).toBe(before); // not one message: no flap
    const presence = await c.api('GET', '/api/v1/presence', { token: c.admin.token });
    const byId = new Map((presence.body.agents as { id: string; devices: number; status: string }[]).map((x) => [x.id, x]));
    expect(byId.get(alice.id)).toMatchObject({ devices: 1, status: 'online' });
    expect(byId.get(bob.id)).toMatchObject({ devices: 0, status: 'offline' });
    wA.close();
    wB.close();
    await back.bye();
  });

  it('a graceful stop hands its devices to the grace window at once instead of waiting for the leases', async () => {
    c = await startTestCluster({ graceMs: GRACE, leaseTtlMs: 20_000 });
    const a = await connectAgent(c.node(1).wsUrl, c.admin.token);
    await a.setStatus('online');
    const w = await widgetSocket(c.node(0));
    await w.next((m) => m.online);
    const stoppedAt = Date.now();
    await c.nodes[1]!.close();
    await w.next((m) => !m.online, GRACE + 3_000);
    // Long before the 20 s lease would have expired: the lease was released, with grace.
    expect(Date.now() - stoppedAt).toBeLessThan(GRACE + 2_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(GRACE - 50);
    w.close();
  });
});
