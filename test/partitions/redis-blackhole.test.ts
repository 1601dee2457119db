// A node whose Redis link is black-holed for longer than a few seconds (packets dropped, nothing
// closes) must be back in the cluster soon after the link heals. TCP alone brings it back only at
// its next retransmission, and the retransmission interval doubles while the link is dead (about
// 25 s apart after 30 s), so the other node kept showing this node's agent offline long after
// the heal. Real namespaces, as in partitions.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionWorldSupport, startPartitionWorld, type PartitionWorld, type RecordingDevice, type RecordingWidget } from '../helpers/partition-world.js';

const unsupported = partitionWorldSupport();
if (unsupported) console.warn(`SKIPPING the Redis black-hole test: ${unsupported}`);

const LEASE_TTL_MS = 3_000;
const CUT_MS = 30_000;
/** The watchdog's probe and reconnect (ClusterTimings.probeMs, 2 s here) and a resync, with room. */
const BACK_WITHIN_MS = 10_000;

let w: PartitionWorld;

describe.skipIf(unsupported !== null)('a long Redis black hole: the node is back soon after the heal', () => {
  beforeAll(async () => {
    w = await startPartitionWorld({ agents: 1, graceMs: 2_000, heartbeatMs: 1_000, leaseTtlMs: LEASE_TTL_MS });
  }, 60_000);
  afterAll(async () => { await w?.close(); });

  it(`node 0 black-holed from Redis for ${CUT_MS / 1000} s: node 1's widgets online again within ${BACK_WITHIN_MS / 1000} s of the heal`, async () => {
    const device: RecordingDevice = w.device(0, 0);
    const onNode1: RecordingWidget = w.widget(1);
    await expect.poll(() => device.connected() && onNode1.last() === false, { timeout: 10_000 }).toBe(true);
    device.send('online');
    await expect.poll(() => onNode1.last(), { timeout: 10_000 }).toBe(true);

    w.cut(0, 'redis', 'blackhole');
    // Node 1 cannot tell a dead node from a cut link: after the lease TTL it drops node 0's device.
    await expect.poll(() => onNode1.last(), { timeout: LEASE_TTL_MS * 4 + 5_000, interval: 100 }).toBe(false);
    await new Promise((r) => setTimeout(r, CUT_MS));
    w.heal(0, 'redis');
    const healed = Date.now();
    await expect.poll(() => onNode1.last(), { timeout: 40_000, interval: 100 }).toBe(true);
    const back = Date.now() - healed;
    console.log(`redis black hole of ${CUT_MS} ms: node 1 online again ${back} ms after the heal`);
    expect(back).toBeLessThan(BACK_WITHIN_MS);
  }, 120_000);
});
