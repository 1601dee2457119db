// Partitions, for real (issue 19): two nodes, Redis and PostgreSQL each in a network namespace,
// every link a veth pair the test cuts (down: refused and aborted; or black hole: packets
// dropped, nothing closes; test/helpers/netns.ts). Agents change status at random while links
// fail and heal; every acknowledgement, every widget frame and the store's final rows go to
// test/helpers/history-checker.ts. CI runs the short schedule; `npm run test:partitions -- --long`
// runs PARTITION_ROUNDS random rounds. Figures land in test-output/partitions.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOX_EVENTS } from '../../src/server/history/history-tables.js';
import { checkDeviceViews, checkRun, checkWidgetSubsequences, onlineWindowsFrom } from '../helpers/history-checker.js';
import { partitionWorldSupport, startPartitionWorld, type CutKind, type Link, type PartitionWorld, type RecordingDevice, type RecordingWidget } from '../helpers/partition-world.js';

// Namespaces need root and iproute2: skipped loudly on a laptop, a failure under CI=true.
const unsupported = partitionWorldSupport();
if (unsupported) console.warn(`SKIPPING the partition suite: ${unsupported}`);
const available = unsupported === null;
const LONG = process.env.PARTITION_ROUNDS ? Number(process.env.PARTITION_ROUNDS) : 0;
// Bounds this suite states (docs/security.md): a widget shows the truth within CONVERGE_MS of
// the change that follows a heal; a frame may trail its cause by SLACK_MS.
const CONVERGE_MS = 10_000;
const SLACK_MS = 1_500;
const GRACE_MS = 3_000;
const LEASE_TTL_MS = 3_000;
const CUT_MS = 3_000;
// A node cut from Redis learns the others' changes at resync: a widget there may show a state
// that was true up to a cut's length plus a lease TTL ago (stale), never one nobody committed.
const STALE_MS = CUT_MS + LEASE_TTL_MS + SLACK_MS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const start = Date.now();
  while (!(await pred())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
  return Date.now();
}

let w: PartitionWorld;
let devices: RecordingDevice[];
let widgets: RecordingWidget[];
const figures: Record<string, unknown> = {};

/**
 * The committed chat-box log (every node's website rows from `from` on) against each widget
 * connection, from the state it showed at `from` (its last earlier frame) on. Every test starts
 * with every widget offline, so the log is anchored there: a widget cannot match old rows and
 * lag behind unchecked.
 */
async function committedLogViolations(from: number): Promise<{ violations: string[]; rows: number }> {
  const committed = (await w.query<{ at: string; online: number; reason: string }>(`SELECT at, online, reason FROM ${w.schema}.${BOX_EVENTS} WHERE box = '' AND at >= ${from} ORDER BY at`))
    .map((r) => ({ at: Number(r.at), online: Number(r.online) === 1, reason: r.reason }));
  const fromStart = widgets.flatMap((x) => x.frames
    .filter((f, i, all) => f.at >= from || !(all[i + 1]?.conn === f.conn && all[i + 1]!.at < from))
    .map((f) => ({ widget: x.name, ...f })));
  return { violations: checkWidgetSubsequences(committed, fromStart, { initial: { online: false, reason: 'no_agents_online' } }), rows: committed.length };
}

describe.skipIf(!available)('partitions (issue 19): cut links, heal, check the history', () => {
  beforeAll(async () => {
    w = await startPartitionWorld({ agents: 4, graceMs: GRACE_MS, heartbeatMs: 1_000, leaseTtlMs: LEASE_TTL_MS });
    devices = w.agents.map((_, k) => w.device(k, k % 2));
    widgets = [w.widget(0), w.widget(0), w.widget(1), w.widget(1)];
    await until(() => devices.every((d) => d.connected()) && widgets.every((x) => x.last() === false), 10_000, 'devices connected and widgets offline');
  }, 60_000);
  afterAll(async () => {
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/partitions.json', JSON.stringify(figures, null, 2));
    await w?.close();
  });

  // A node that lost only Redis keeps serving what it knows: its own agents' devices are still
  // attached to it, so its widgets must not flap. The other node cannot tell a dead node from a
  // cut link, so after the lease TTL it drops that node's devices (SPEC 2.1: a dead node is
  // noticed): recorded, and it must come back on heal.
  for (const kind of ['down', 'blackhole'] as const) {
    it(`node 0 loses Redis (${kind}) for longer than the lease TTL: no flap on node 0, back everywhere after heal`, async () => {
      const a0 = devices[0]!;
      const from = Date.now();
      const ack = a0.send('online');
      expect(ack).not.toBeNull();
      await until(() => widgets.every((x) => x.last() === true), CONVERGE_MS, 'all widgets online');
      const mark = widgets.map((x) => x.frames.length);
      w.cut(0, 'redis', kind);
      await sleep(LEASE_TTL_MS * 2 + 1_000);
      const onNode0 = widgets.filter((x) => x.node === 0).flatMap((x) => x.frames.slice(mark[widgets.indexOf(x)]));
      const onNode1 = widgets.filter((x) => x.node === 1).flatMap((x) => x.frames.slice(mark[widgets.indexOf(x)]));
      w.heal(0, 'redis');
      const healed = Date.now();
      const back = await until(() => widgets.every((x) => x.last() === true), CONVERGE_MS, 'all widgets online after heal');
      expect(onNode0.filter((f) => !f.online), 'node 0 widgets flapped while its agent stayed connected').toEqual([]);
      figures[`redis-${kind}`] = { node1OfflineFrames: onNode1.filter((f) => !f.online).length, backAfterHealMs: back - healed };
      expect(a0.send('offline')).not.toBeNull();
      await until(() => widgets.every((x) => x.last() === false), CONVERGE_MS, 'all widgets offline');
      // Node 1's widgets went offline and back: both changes are in the log (cluster-history-heal).
      await sleep(500);
      const log = await committedLogViolations(from);
      expect(log.violations).toEqual([]);
      (figures[`redis-${kind}`] as Record<string, unknown>).committedBoxRows = log.rows;
    }, 60_000);
  }

  it('random status changes through a schedule of cuts: nothing acknowledged lost, no phantom state, convergence after heal', async () => {
    const schedule: { node: number; link: Link; kind: CutKind }[] = [
      { node: 0, link: 'redis', kind: 'down' },
      { node: 1, link: 'pg', kind: 'down' },
      { node: 0, link: 'clients', kind: 'blackhole' },
      { node: 1, link: 'pg', kind: 'blackhole' },
      { node: 0, link: 'pg', kind: 'down' },
      { node: 1, link: 'clients', kind: 'down' },
    ];
    const links: Link[] = ['redis', 'pg', 'clients'];
    const kinds: CutKind[] = ['down', 'blackhole'];
    for (let r = 0; r < LONG; r++) schedule.push({ node: r % 2, link: links[Math.floor(Math.random() * 3)]!, kind: kinds[r % 2]! });
    const start = Date.now();
    let load = true;
    // About one change per agent every 1.6 s: inside the 20-per-10-s limit of SPEC 4.1. One in
    // four goes over HTTP (PUT /agents/me/status) to either node, the rest over the agent's socket.
    const loader = (async () => {
      while (load) {
        const k = Math.floor(Math.random() * devices.length);
        const status = Math.random() < 0.5 ? 'online' : 'offline';
        if (Math.random() < 0.25) w.httpSet(k, Math.floor(Math.random() * 2), status);
        else devices[k]!.send(status);
        await sleep(400);
      }
    })();
    let partitions = 0;
    for (const step of schedule) {
      w.cut(step.node, step.link, step.kind);
      // Redis from everyone once in a while, on top.
      if (partitions % 3 === 2) { w.cut(0, 'redis', 'down'); w.cut(1, 'redis', 'down'); }
      await sleep(CUT_MS);
      w.healAll();
      partitions++;
      await sleep(2_000);
    }
    load = false;
    await loader;
    w.healAll();
    const healedAt = Date.now();
    await until(() => devices.every((d) => d.connected()), CONVERGE_MS, 'devices reconnected after heal');
    // Let late acknowledgements arrive before the final changes.
    await sleep(1_000);

    // The final truth: agent 0 online, the rest offline, then everyone offline.
    const finals = devices.map((d, k) => d.send(k === 0 ? 'online' : 'offline'));
    expect(finals.every((o) => o !== null)).toBe(true);
    await until(() => finals.every((o) => o!.ack), CONVERGE_MS, 'final changes acknowledged');
    const onlineAt: Record<string, number | null> = {};
    await until(() => widgets.every((x) => x.last() === true), CONVERGE_MS, 'widgets online after heal').catch(() => undefined);
    for (const x of widgets) onlineAt[x.name] = x.last() === true ? Date.now() : null;
    const p0 = await w.presence(0);
    const p1 = await w.presence(1);
    expect(p1, 'both nodes agree on every agent and the website after heal').toEqual(p0);
    const off = devices[0]!.send('offline');
    await until(() => Boolean(off?.ack) && widgets.every((x) => x.last() === false), CONVERGE_MS, 'widgets offline at the end');

    const end = Date.now();
    const acked = w.ops.filter((o) => o.ack);
    const http = w.ops.filter((o) => o.socket.startsWith('http-'));
    const final = await w.finalRows();
    const ackRecords = acked.map((o) => ({ agentId: o.agentId, status: o.status, version: o.ack!.version, socket: o.socket, at: o.ack!.at }));
    const result = checkRun({
      acks: ackRecords,
      final,
      widgets: widgets.flatMap((x) => x.frames.filter((f) => f.at >= start).map((f) => ({ widget: x.name, online: f.online, at: f.at }))),
      // Online from the moment it was sent; offline only once acknowledged (the later, safer edges).
      onlineWindows: onlineWindowsFrom(w.ops.filter((o) => o.sentAt >= start).map((o) => ({ agentId: o.agentId, status: o.status, at: o.status === 'online' ? o.sentAt : (o.ack?.at ?? o.sentAt), acked: Boolean(o.ack) })), end),
      healedAt,
      convergedAt: onlineAt,
    }, { slackMs: STALE_MS, convergeWithinMs: CONVERGE_MS * 2 });
    const log = await committedLogViolations(start);
    const views = devices.flatMap((d) => d.seen.filter((v) => v.at >= start).map((v) => ({ device: d.name, agentId: d.agentId, ...v })));
    const violations = [...result.violations, ...log.violations, ...checkDeviceViews(ackRecords, views, final)];
    const operations = result.operations + log.rows + views.length;
    const httpAnswers = Object.fromEntries([...new Set(http.map((o) => o.http ?? 'pending'))].map((c) => [String(c), http.filter((o) => (o.http ?? 'pending') === c).length]));
    figures.schedule = { partitions, operationsChecked: operations, acked: acked.length, sent: w.ops.length, committedBoxRows: log.rows, deviceFrames: views.length, httpAnswers, violations: violations.length, convergeBoundMs: CONVERGE_MS };
    console.log(`partitions: ${partitions} survived, ${operations} operations checked (${acked.length} of ${w.ops.length} changes acknowledged, ${http.length} of them over HTTP ${JSON.stringify(httpAnswers)}, ${log.rows} committed chat box rows, ${views.length} device frames), violations: ${violations.length}`);
    expect(violations).toEqual([]);
    expect(acked.length).toBeGreaterThan(10);
    expect(http.filter((o) => o.ack).length, 'some HTTP changes were acknowledged').toBeGreaterThan(0);
    // A cut link is the server's trouble, not a bug: 503 (or no answer at all through a cut
    // clients link), never 500. A link cut under a query was a 500 before store-error.ts knew it.
    expect(http.filter((o) => o.http !== undefined && ![0, 200, 503].includes(o.http)).map((o) => o.http)).toEqual([]);
  }, 120_000 + LONG * 8_000);
});
