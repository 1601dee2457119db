// Found by the partition suite's committed-log rule (issue 19): node 0 loses Redis for longer than
// the lease TTL, node 1 drops node 0's devices and records its chat box going offline; on heal
// node 1's box comes back online, but nobody wrote that. Node 0's own box never changed, and node 1
// skipped the change because another node's lease event caused it. The coverage report then said
// "nobody online" until the next change, possibly for hours.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterServicesAvailable, REDIS_URL, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { connectAgent } from '../helpers/agent-socket.js';
import { callApi } from '../helpers/http.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const available = await clusterServicesAvailable();
const LEASE_TTL_MS = 1_500;

async function until(pred: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('cluster history: a chat box change another node caused', () => {
  let c: TestCluster;
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = await startTcpProxy(Number(new URL(REDIS_URL).port));
    c = await startTestCluster({ nodes: 2, leaseTtlMs: LEASE_TTL_MS, graceMs: 1_000, redisUrlOf: (i) => (i === 0 ? `redis://127.0.0.1:${proxy.port}` : REDIS_URL) });
  }, 30_000);
  afterAll(async () => {
    await c?.close();
    await proxy?.close();
  });

  const websiteOn = async (node: number): Promise<boolean> => {
    const res = await callApi(c.node(node).url, 'GET', '/api/v1/presence', { token: c.admin.token });
    return (res.body as { website: { online: boolean } }).website.online;
  };
  const boxRows = async () => (await sql<{ at: number | string; online: number; cause: string }>`
    SELECT at, online, cause FROM ${sql.table(`${c.schema}.history_box_events`)} WHERE box = '' ORDER BY at`.execute(c.nodes[0]!.store.tables())).rows;

  it('is recorded by the node whose box changed, once per change, so the log ends online', async () => {
    const agent = await connectAgent(c.node(0).wsUrl, c.admin.token);
    await agent.setStatus('online');
    await until(async () => (await websiteOn(0)) && (await websiteOn(1)), 5_000, 'online on both nodes');

    proxy.refuse(true);
    await until(async () => !(await websiteOn(1)), LEASE_TTL_MS * 4 + 5_000, 'node 1 drops node 0\'s device');
    expect(await websiteOn(0), 'node 0 still holds the device').toBe(true);
    proxy.refuse(false);
    await until(() => websiteOn(1), 10_000, 'node 1 online again after heal');

    await until(async () => (await boxRows()).at(-1)?.online === 1, 3_000, 'the log ends online').catch(() => undefined);
    const rows = await boxRows();
    expect(rows.map((r) => r.online), JSON.stringify(rows)).toEqual([1, 0, 1]);
    agent.ws.close();
  }, 60_000);
});
