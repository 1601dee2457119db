// A node whose PostgreSQL link is black-holed (packets dropped, nothing closes) answers a
// status.set with an error within the store's query timeout instead of holding it until TCP
// gives up (about 15 minutes): SPEC 4.1, an ack once durable or an error. Real namespaces, as
// in partitions.test.ts; failed before src/server/store/postgres.ts set query_timeout.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionWorldSupport, startPartitionWorld, type PartitionWorld } from '../helpers/partition-world.js';

const unsupported = partitionWorldSupport();
if (unsupported) console.warn(`SKIPPING the PostgreSQL black-hole test: ${unsupported}`);

let w: PartitionWorld;

describe.skipIf(unsupported !== null)('SPEC 4.1: a status.set on a black-holed PostgreSQL gets an error, not silence', () => {
  beforeAll(async () => {
    w = await startPartitionWorld({ agents: 1, graceMs: 3_000, heartbeatMs: 1_000, leaseTtlMs: 3_000 });
  }, 60_000);
  afterAll(async () => { await w?.close(); });

  it('error within the query timeout while cut; the next change is acknowledged after heal', async () => {
    const ws = new WebSocket(`${w.nodes[0]!.url.replace(/^http/, 'ws')}/ws/agent`);
    const frames: { type: string; seq?: number; version?: number; at: number }[] = [];
    ws.on('message', (d) => frames.push({ ...(JSON.parse(String(d)) as { type: string }), at: Date.now() }));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: w.agents[0]!.token, device: { id: 'part-bh-0001', kind: 'desktop', name: 'partition' }, protocol: 1 }));
    await expect.poll(() => frames.some((f) => f.type === 'welcome'), { timeout: 10_000 }).toBe(true);
    w.cut(0, 'pg', 'blackhole');
    const sent = Date.now();
    ws.send(JSON.stringify({ type: 'status.set', status: 'online', reason: 'manual', seq: 1 }));
    await expect.poll(() => frames.find((f) => f.seq === 1), { timeout: 25_000, interval: 200 }).toBeDefined();
    const answer = frames.find((f) => f.seq === 1)!;
    expect(answer.type).toBe('error');
    // A 503-class answer naming the database, not a generic internal error.
    expect(answer).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/cannot reach its database/) });
    expect(answer.at - sent).toBeLessThan(20_000);
    w.heal(0, 'pg');
    ws.send(JSON.stringify({ type: 'status.set', status: 'offline', reason: 'manual', seq: 2 }));
    await expect.poll(() => frames.find((f) => f.seq === 2)?.type, { timeout: 20_000, interval: 200 }).toBe('ack');
    ws.close();
  }, 60_000);
});
