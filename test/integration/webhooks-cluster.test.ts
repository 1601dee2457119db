// SPEC 10 in a cluster (PostgreSQL + Redis, two nodes in one process): every event is delivered
// once and in commit order; a node killed mid-delivery leaves the delivery to the other node once
// its lease runs out (30 s, really waited); the unstaffed alert fires once in the cluster.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const available = await clusterServicesAvailable();

describe.skipIf(!available)('cluster: webhooks (SPEC 10)', () => {
  let c: TestCluster | undefined;
  let r: Receiver | undefined;
  afterEach(async () => {
    await c?.close();
    await r?.close();
    c = r = undefined;
  });

  async function hook(cluster: TestCluster, url: string, events: string[]): Promise<string> {
    const res = await cluster.api('POST', '/api/v1/webhooks', { token: cluster.admin.token, body: { url, events } });
    expect(res.status).toBe(201);
    // The other node learns that the account has an endpoint within webhookPollMs (1 s).
    await settle(1_500);
    return res.body.id as string;
  }

  it('30 changes made on random nodes: each delivered exactly once, in commit order', async () => {
    r = await startReceiver();
    c = await startTestCluster({ nodes: 2, webhooksAllowPrivate: true });
    const cluster = c;
    const agents = [cluster.admin, await cluster.createAgent(), await cluster.createAgent()];
    await hook(cluster, r.url, ['agent.status.changed']);
    const made: string[] = [];
    for (let i = 0; i < 30; i++) {
      const agent = agents[i % 3]!;
      const res = await cluster.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: i % 2 === 0 ? 'away' : 'online' } });
      expect(res.status).toBe(200);
      made.push(`${agent.id}:${res.body.version}`);
    }
    await r.waitFor(30, 60_000);
    await settle(2_000);
    const got = r.received.map((x) => `${x.json.data.agentId}:${x.json.data.version}`);
    expect(r.received).toHaveLength(30);
    expect(new Set(r.received.map((x) => x.json.id)).size).toBe(30);
    expect(got).toEqual(made);
  }, 120_000);

  it('a node killed mid-delivery: the other node sends the same event once the lease has run out', async () => {
    r = await startReceiver();
    r.script('hang');
    c = await startTestCluster({ nodes: 2, webhooksAllowPrivate: true });
    const cluster = c;
    await hook(cluster, r.url, ['agent.status.changed']);
    await cluster.api('PUT', '/api/v1/agents/me/status', { token: cluster.admin.token, body: { status: 'away' } });
    const [first] = await r.waitFor(1);
    const owner = await sql<{ lease_owner: string }>`select lease_owner from webhook_endpoints`.execute(cluster.nodes[0]!.store.db);
    const sender = cluster.nodes.findIndex((n) => n.hub.nodeId === owner.rows[0]!.lease_owner);
    expect(sender).toBeGreaterThanOrEqual(0);
    await cluster.kill(sender);
    const [, second] = await r.waitFor(2, 80_000);
    expect(second!.json.id).toBe(first!.json.id);
    await settle(1_000);
    expect(r.received).toHaveLength(2);
  }, 120_000);

  it('the unstaffed alert fires once in the cluster, and ends once', async () => {
    r = await startReceiver();
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    c = await startTestCluster({ nodes: 2, webhooksAllowPrivate: true, clock, graceMs: 3_600_000 });
    const cluster = c;
    await hook(cluster, r.url, ['coverage.gap.started', 'coverage.gap.ended']);
    // Both nodes re-read which accounts have an endpoint every webhookPollMs of their (here
    // injected) clock; the node that did not create it learns it then.
    clock.advance(1_000);
    await settle(500);
    const dev = await connectAgent(cluster.node(0).wsUrl, cluster.admin.token);
    await dev.setStatus('online');
    await settle(300);
    await dev.setStatus('offline');
    await settle(500);
    // The outbox is polled on the (injected) clock too: an event whose fan-out found the other
    // node holding the fan-out lock waits for the next poll, so time keeps moving while we wait.
    const tickUntil = async (n: number): Promise<void> => {
      for (let i = 0; i < 60 && r!.received.length < n; i++) {
        clock.advance(1_000);
        await settle(250);
      }
    };
    clock.advance(5 * 60_000);
    await tickUntil(1);
    clock.advance(10_000);
    await settle(1_000);
    await dev.setStatus('online');
    await tickUntil(2);
    clock.advance(10_000);
    await settle(1_000);
    expect(r.received.map((x) => x.json.type)).toEqual(['coverage.gap.started', 'coverage.gap.ended']);
    // Offline at 10:00:01 (after the clock moved one second above), so the start is 10:05:01.
    expect(r.received[0]!.json).toMatchObject({ at: '2026-11-25T10:05:01.000Z', data: { since: '2026-11-25T10:00:01.000Z' } });
    dev.ws.terminate();
  }, 60_000);
});
