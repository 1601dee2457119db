// Issue 10: Redis restarted under a running cluster. Nodes reconnect, re-create their leases from
// their live sockets, re-read intents from PostgreSQL and converge within 10 s; a status change
// acknowledged while Redis was down is not lost. A private redis-server on its own port, so the
// shared Redis of other suites (and other engineers) is never shut down; always stopped at the end.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { settle } from '../helpers/manual-clock.js';
import { hasRedisBinary, privateRedis } from '../helpers/private-redis.js';
import { widgetSocket } from '../helpers/server.js';

const redisServer = await privateRedis();
const available = hasRedisBinary && (await clusterServicesAvailable());
const startRedis = (): Promise<void> => redisServer.start();
const stopRedis = (): void => redisServer.stop();

async function until(what: string, fn: () => Promise<boolean> | boolean, ms = 10_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await fn()) return Date.now() - start;
    await settle(100);
  }
  throw new Error(`not converged within ${ms} ms: ${what}`);
}

describe.skipIf(!available)('cluster: Redis restarted mid-test', () => {
  let c: TestCluster;
  beforeAll(async () => {
    await startRedis();
  });
  // Each case leaves its private Redis running again; the cluster is its own (a second close is harmless).
  afterEach(async () => {
    await c?.close().catch(() => undefined);
  });
  afterAll(() => {
    stopRedis();
  });

  it('presence converges within 10 s and a change acknowledged during the outage is kept', async () => {
    c = await startTestCluster({ graceMs: 60_000, leaseTtlMs: 2_000, redisUrl: redisServer.url });
    const gA = await c.createGroup('A');
    const gB = await c.createGroup('B');
    const alice = await c.createAgent({ groupIds: [gA.id] });
    const bob = await c.createAgent({ groupIds: [gB.id] });
    const a0: RawAgent = await connectAgent(c.node(0).wsUrl, alice.token);
    const a1: RawAgent = await connectAgent(c.node(1).wsUrl, alice.token);
    const b1: RawAgent = await connectAgent(c.node(1).wsUrl, bob.token);
    await a0.setStatus('online');
    await b1.setStatus('online');
    const wA1 = await widgetSocket(c.node(1), gA.id);
    const wB0 = await widgetSocket(c.node(0), gB.id);
    await wA1.next((m) => m.online);
    await wB0.next((m) => m.online);

    stopRedis();
    await settle(500);
    // Acknowledged while Redis is down: it is in PostgreSQL.
    const ack = await a0.setStatus('offline');
    await settle(1_000);
    await startRedis();
    const restartedAt = Date.now();

    const seen = await a1.next('status', (m) => m.version === ack.version, 10_000);
    expect(seen).toMatchObject({ status: 'offline' });
    await wA1.next((m) => !m.online, 10_000 - (Date.now() - restartedAt));
    const devices = async (node: number): Promise<Record<string, number>> => {
      const res = await fetch(`${c.node(node).url}/api/v1/presence`, { headers: { authorization: `Bearer ${c.admin.token}` } });
      const body = (await res.json()) as { agents: { id: string; devices: number }[] };
      return Object.fromEntries(body.agents.map((x) => [x.id, x.devices]));
    };
    const took = await until('leases rebuilt on both nodes', async () => {
      const [d0, d1] = [await devices(0), await devices(1)];
      return d0[alice.id] === 2 && d1[alice.id] === 2 && d0[bob.id] === 1 && d1[bob.id] === 1;
    }, 10_000 - (Date.now() - restartedAt));
    expect(took).toBeLessThan(10_000);
    console.log(`converged ${Date.now() - restartedAt} ms after Redis came back`);
    // Bob never left: his widget on the other node never flapped.
    expect(wB0.messages.every((m) => m.online)).toBe(true);
    expect((await c.api('GET', '/api/v1/me', { token: alice.token })).body).toMatchObject({ intent: 'offline', version: ack.version });
    for (const w of [wA1, wB0]) w.close();
    for (const d of [a0, a1, b1]) await d.bye();
  });

  it('an account first used on a node while Redis is down is served at once (boot grace for an agent online elsewhere), then follows the cluster after the reconnect', async () => {
    c = await startTestCluster({ graceMs: 60_000, leaseTtlMs: 2_000, redisUrl: redisServer.url });
    const alice = await c.createAgent();
    // Node 1 forgets the account (nobody there, nobody online yet): its next use is a first load.
    await until('node 1 dropped the account', () => { c.nodes[1]!.hub.dropIdleAccounts(0); return c.nodes[1]!.hub.account(c.accountId) === undefined; });
    const a0 = await connectAgent(c.node(0).wsUrl, alice.token);
    await a0.setStatus('online');
    expect(c.nodes[1]!.hub.account(c.accountId)).toBeUndefined();

    stopRedis();
    await settle(500);
    // Before the fix the first load waited for Redis (the subscription) or failed (the lease read): a hang or a 500.
    const started = Date.now();
    const presence = await fetch(`${c.node(1).url}/api/v1/presence`, { headers: { authorization: `Bearer ${c.admin.token}` }, signal: AbortSignal.timeout(5_000) });
    expect(presence.status).toBe(200);
    const w1 = await widgetSocket(c.node(1));
    expect(Date.now() - started).toBeLessThan(5_000);
    // Alice's intent is online and node 1 cannot read her devices: the boot grace keeps her online.
    expect(w1.messages[0]).toMatchObject({ online: true });

    await startRedis();
    // After the resync node 1 follows the account's channel: Alice going offline on node 0 reaches its widget.
    await until('node 1 reads the leases', async () => {
      const res = await fetch(`${c.node(1).url}/api/v1/presence`, { headers: { authorization: `Bearer ${c.admin.token}` } });
      const body = (await res.json()) as { agents: { id: string; devices: number }[] };
      return body.agents.find((x) => x.id === alice.id)?.devices === 1;
    });
    await a0.setStatus('offline');
    await w1.next((m) => !m.online, 10_000);
    w1.close();
    await a0.bye();
  });
});
