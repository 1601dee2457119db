// Issue 20 in a cluster (PostgreSQL + Redis, two nodes): a node subscribes to an account's bus
// channel only while it holds the account. Booted, neither holds an account nobody uses; a widget
// on node 1 subscribes node 1 alone; once node 1 drops it as idle it unsubscribes, and a change made
// on node 0 meanwhile is what node 1 shows when a widget brings the account back.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterServicesAvailable, REDIS_URL, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { callApi } from '../helpers/http.js';
import { widgetSocket } from '../helpers/server.js';

const available = await clusterServicesAvailable();

describe.skipIf(!available)('cluster: accounts load on first use', () => {
  let c: TestCluster;
  let redis: Redis | undefined;
  afterEach(async () => {
    await redis?.quit();
    await c?.close();
  });

  it('a node follows an account channel only while it holds the account', async () => {
    c = await startTestCluster();
    redis = new Redis(REDIS_URL);
    const channel = `${c.prefix}ch:${c.accountId}`;
    const subscribers = async (): Promise<number> => Number(((await redis!.pubsub('NUMSUB', channel)) as [string, number])[1]);
    // Booted with nobody online: neither node holds (nor follows) the account.
    expect(c.nodes.map((n) => n.hub.account(c.accountId))).toEqual([undefined, undefined]);
    expect(await subscribers()).toBe(0);

    const w = await widgetSocket(c.node(1));
    expect(w.messages[0]).toMatchObject({ online: false, reason: 'no_agents_online' });
    expect(await subscribers()).toBe(1);
    w.close();
    await w.closed;
    await vi.waitFor(() => expect(c.nodes[1]!.hub.dropIdleAccounts(0)).toBe(1), { timeout: 5_000, interval: 50 });
    await vi.waitFor(async () => expect(await subscribers()).toBe(0), { timeout: 5_000, interval: 50 });

    // Changed through node 0 while node 1 does not hold it: node 1 reads it whole on its next use.
    const patched = await callApi(c.node(0).url, 'PATCH', '/api/v1/account', { token: c.admin.token, body: { whenOffline: 'hide' } });
    expect(patched.status).toBe(200);
    expect(c.nodes[1]!.hub.account(c.accountId)).toBeUndefined();
    const again = await widgetSocket(c.node(1));
    expect(again.messages[0]).toMatchObject({ online: false, whenOffline: 'hide' });
    again.close();
  }, 30_000);
});
