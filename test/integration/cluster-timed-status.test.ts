// Issue 18 / SPEC 11 in a cluster (PostgreSQL + Redis, two nodes in one process, one injected
// clock): both nodes arm the timer of a timed status; at `until` exactly one commits the return
// (claimed by the conditional update on the version), the version grows by one, and devices on
// both nodes see the same `timer` status.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';

const available = await clusterServicesAvailable();

describe.skipIf(!available)('cluster: timed statuses', () => {
  let c: TestCluster;
  afterEach(async () => { await c?.close(); });

  it('two nodes: the timer fires once in the cluster, version + 1, seen on both nodes', async () => {
    const clock = new ManualClock();
    c = await startTestCluster({ clock, graceMs: 60_000 });
    const a0 = await connectAgent(c.node(0).wsUrl, c.admin.token);
    const a1 = await connectAgent(c.node(1).wsUrl, c.admin.token);
    await a0.setStatus('online');
    const until = new Date(clock.now() + 15 * 60_000).toISOString();
    a0.send({ type: 'status.set', status: 'away', reason: 'manual', seq: 77, until });
    const ack = await a0.next('ack', (m) => m.seq === 77);
    // The other node learned the timer from the bus event.
    expect(await a1.next('status', (m) => m.version === ack.version)).toMatchObject({ status: 'away', until });
    await settle(200);

    clock.advance(15 * 60_000);
    const seen = await Promise.all([a0, a1].map((a) => a.next('status', (m) => m.reason === 'timer')));
    for (const s of seen) expect(s).toMatchObject({ status: 'online', version: ack.version + 1, until: null });
    await settle(500);
    expect(c.nodes.reduce((n, node) => n + node.hub.timersFired, 0)).toBe(1);
    const me = (await c.api('GET', '/api/v1/me', { token: c.admin.token })).body as { intent: string; version: number };
    expect(me).toMatchObject({ intent: 'online', version: ack.version + 1 });
    for (const a of [a0, a1]) expect(a.messages.filter((m) => m.type === 'status' && m.version > ack.version + 1)).toHaveLength(0);
    await a0.bye();
    await a1.bye();
  });
});
