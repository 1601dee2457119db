// Benchmark 1 (SPEC 7): one agent's status change fanned out to N widget sockets. Latency runs
// from the agent's status.set send to each widget's receipt, for ours and both baselines, each on
// a fresh server process with the same N, the same frame size and the same client processes.
// Order per N (bench/lib/balanced-order.ts): an unreported floor run first (the first run at a new
// N pays for the client processes growing), then every server twice, mirrored (X, Y, Z, Z, Y, X),
// the three rotated at every N; a server's figure is the mean of its runs. The floor runs twice
// like the others: with one floor run the latency ratios moved by ±15 % between whole runs
// (bench/findings.md "The fixed cost of a change"), most of it the floor's own run-to-run spread.
import { meanOf, meanPercentiles, mirroredOrder } from './lib/balanced-order.js';
import { median, now, percentiles, sleep, benchStart, writeResult, type Percentiles } from './lib/common.js';
import { RotatingDriver, TurnTakingDriver } from './lib/driver.js';
import { seedDataDir } from './lib/seed.js';
import { serverCpuMicros, startTarget, type Target, type TargetOptions } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';
import type { TargetKind } from './widget-clients.js';

export interface FanoutParams {
  ns: number[];
  /** Measured status changes per run. */
  flips: number;
  /** Unmeasured changes first (JIT warm-up). */
  warmup: number;
  clientProcesses: number;
  /** Pause after every widget has a change, before the next one. */
  gapMs: number;
  targets: TargetKind[];
  /** Node flags for our server at the largest N, e.g. --cpu-prof (bench/run.ts --profile). */
  profileOurs?: string[];
}

export interface FanoutRun {
  target: TargetKind;
  n: number;
  frameBytes: number;
  /** Every (widget, change) latency in ms. */
  all: Percentiles;
  /** Per change: the first and the last widget to receive it. */
  first: Percentiles;
  last: Percentiles;
  ackMs: Percentiles;
  receivedAll: boolean;
  perChange: { first: number; p50: number; last: number }[];
  /**
   * Server process CPU time (user + system) from just before each measured change's send until
   * its last widget has it, summed, divided by the frames delivered (changes × N), in µs.
   * The pauses between changes are left out, so idle work (heartbeat sweeps) does not count.
   */
  cpuPerFrameUs: number;
  /** Ours: whether the server wrote status history (bench/fanout-history.ts checks it). */
  historyRecording?: boolean;
}

export interface FanoutResult {
  params: FanoutParams;
  /** Per N and server: the mean of its runs' figures (`perChange` holds every measured change of them). */
  runs: FanoutRun[];
  /** Every measured run in the order run (older results files: absent, one run per server in `runs`). */
  each?: PositionedRun[];
  ratios: FanoutRatio[];
}

/** `position`: 1-based place among the measured runs at its N (the warm-up before them is not reported). */
export interface PositionedRun extends FanoutRun { position: number }

export interface FanoutRatio { n: number; oursVsWsP50: number; oursVsWsP99: number; sioVsOursP99: number; sioVsOursP50: number; oursVsWsCpu: number; sioVsOursCpu: number }

/** Ping sweeps every 10 min during fan-out runs (each run takes well under that). */
export const FANOUT_HEARTBEAT_MS = 600_000;

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

/** `ours`: options of our server only (bench/fanout-history.ts: `historyDays: 0` for history off). */
export async function fanoutOnce(pool: WidgetPool, kind: TargetKind, n: number, p: FanoutParams, sizes: { widgetBytes?: number; statusBytes?: number } = {}, nodeFlags?: string[], ours: Pick<TargetOptions, 'historyDays'> = {}): Promise<FanoutRun> {
  // Agents taking turns (TurnTakingDriver): enough that none passes 20 changes in 10 s.
  const agents = Math.max(1, Math.ceil((p.warmup + p.flips) / 16));
  const seeded = kind === 'ours' ? await seedDataDir({ accounts: 1, agentsPerAccount: agents }) : null;
  const tokens = seeded?.agents.map((a) => a.token) ?? Array.from({ length: agents }, () => 'bench-agent');
  // The same heartbeat on all three, slow enough that no ping sweep (and its pongs) lands in the
  // measured changes: CPU per frame is the fan-out's; bench/churn.ts measures the pings apart.
  const target = await startTarget(kind, { dataDir: seeded?.dataDir, ...sizes, nodeFlags, heartbeatMs: FANOUT_HEARTBEAT_MS, ...(kind === 'ours' ? ours : {}) });
  try {
    const { firstBytes } = await pool.connect(kind, target.widgetUrl(seeded?.siteKeys[0] ?? 'bench'), n);
    const run = await flipAndMeasure(target, pool, tokens, n, firstBytes, p);
    return target.historyRecording === undefined ? run : { ...run, historyRecording: target.historyRecording };
  } finally {
    await target.stop();
    await pool.release();
  }
}

/** `tokens`: one agent (a cluster run: RotatingDriver) or several taking turns. */
export async function flipAndMeasure(target: Target, pool: WidgetPool, tokens: string | string[], n: number, frameBytes: number, p: FanoutParams): Promise<FanoutRun> {
  const driver = typeof tokens === 'string' ? await RotatingDriver.open(target, tokens) : await TurnTakingDriver.open(target, tokens);
  const sent: number[] = [];
  const acks: number[] = [];
  const total = p.warmup + p.flips;
  let cpuUs = 0;
  for (let i = 1; i <= total; i++) {
    const cpuBefore = i > p.warmup ? await serverCpuMicros(target) : 0;
    const delivered = pool.waitAll(i, 60_000);
    // Odd changes go online, even ones offline: each one really changes what visitors see.
    const { sentAt, acked } = await driver.setStatus(i % 2 === 1 ? 'online' : 'offline');
    await acked;
    acks.push(now() - sentAt);
    await delivered;
    if (i > p.warmup) cpuUs += (await serverCpuMicros(target)) - cpuBefore;
    sent[i] = sentAt;
    await sleep(p.gapMs);
  }
  // Nobody got a message twice or one that was not sent. Counted before the driver says bye: an
  // agent left online with no device turns offline for visitors, one more (real) change.
  const counts = await pool.counts();
  await driver.close();
  const lat: number[] = [];
  const perChange: FanoutRun['perChange'] = [];
  let receivedAll = true;
  for (let i = p.warmup + 1; i <= total; i++) {
    const arrays = await pool.times(i);
    const these: number[] = [];
    for (const arr of arrays) for (const t of arr) these.push(t - sent[i]!);
    if (these.length !== n || these.some((x) => !Number.isFinite(x))) receivedAll = false;
    const pc = percentiles(these);
    perChange.push({ first: pc.min, p50: pc.p50, last: pc.max });
    lat.push(...these);
  }
  for (const c of counts) if (c.perIndex.length !== total + 1 || c.perIndex.some((x) => x !== c.sockets)) receivedAll = false;
  return {
    target: target.kind, n, frameBytes, all: percentiles(lat),
    first: percentiles(perChange.map((c) => c.first)), last: percentiles(perChange.map((c) => c.last)),
    ackMs: percentiles(acks.slice(p.warmup)), receivedAll, perChange, cpuPerFrameUs: Math.round((cpuUs / (p.flips * n)) * 100) / 100,
  };
}

export async function runFanout(p: FanoutParams, resultsDir: string, log: (s: string) => void): Promise<FanoutResult> {
  const started = benchStart();
  const runs: FanoutRun[] = [];
  const each: PositionedRun[] = [];
  const ratios: FanoutRatio[] = [];
  const pool = await WidgetPool.start(p.clientProcesses);
  // Ours' real frame size sets the baselines' payload size. It does not depend on N, so a baseline
  // that runs before ours at a later N uses the size of ours' last run (ours is first at the first N).
  let sizes: { widgetBytes?: number } = {};
  try {
    for (const [i, n] of p.ns.entries()) {
      const sides = (['ours', 'sio', 'ws'] as const).filter((k) => p.targets.includes(k));
      if (sides.includes('ws')) {
        const warm = await fanoutOnce(pool, 'ws', n, p, sizes);
        log(`fanout warm-up (ws, not reported) N=${n}: ${summary(warm)}`);
      }
      const byKind = new Map<TargetKind, FanoutRun[]>();
      for (const [at, kind] of mirroredOrder<TargetKind>(sides, null, i).entries()) {
        const profile = kind === 'ours' && n === Math.max(...p.ns) && !byKind.has('ours') ? p.profileOurs : undefined;
        const run = await fanoutOnce(pool, kind, n, p, kind === 'ours' ? {} : sizes, profile);
        if (kind === 'ours') {
          if (sizes.widgetBytes !== undefined && sizes.widgetBytes !== run.frameBytes) log(`fanout N=${n}: ours' frame is ${run.frameBytes} bytes, the baselines' ${sizes.widgetBytes} so far`);
          sizes = { widgetBytes: run.frameBytes };
        }
        byKind.set(kind, [...(byKind.get(kind) ?? []), run]);
        each.push({ ...run, position: at + 1 });
        log(`fanout ${kind.padEnd(4)} N=${n} (#${at + 1}): ${summary(run)}`);
      }
      const mean = (kind: TargetKind): FanoutRun | undefined => {
        const list = byKind.get(kind);
        return list ? meanRun(list) : undefined;
      };
      const [ours, ws, sio] = [mean('ours'), mean('ws'), mean('sio')];
      for (const run of [ours, ws, sio]) if (run) runs.push(run);
      if (ours && ws && sio) {
        ratios.push({
          n, oursVsWsP50: ratio(ours.all.p50, ws.all.p50), oursVsWsP99: ratio(ours.all.p99, ws.all.p99), sioVsOursP50: ratio(sio.all.p50, ours.all.p50), sioVsOursP99: ratio(sio.all.p99, ours.all.p99),
          oursVsWsCpu: ratio(ours.cpuPerFrameUs, ws.cpuPerFrameUs), sioVsOursCpu: ratio(sio.cpuPerFrameUs, ours.cpuPerFrameUs),
        });
      }
    }
  } finally {
    await pool.close();
  }
  const result = { params: p, runs, each, ratios };
  writeResult(resultsDir, 'fanout', result, started);
  return result;
}

/** One server's runs at one N as one figure: each percentile and the CPU per frame averaged over the runs. */
export function meanRun(list: readonly FanoutRun[]): FanoutRun {
  const first = list[0]!;
  const all = meanPercentiles(list.map((r) => r.all));
  return {
    target: first.target, n: first.n, frameBytes: first.frameBytes,
    all: { ...all, n: list.reduce((sum, r) => sum + r.all.n, 0) },
    first: meanPercentiles(list.map((r) => r.first)), last: meanPercentiles(list.map((r) => r.last)), ackMs: meanPercentiles(list.map((r) => r.ackMs)),
    receivedAll: list.every((r) => r.receivedAll), perChange: list.flatMap((r) => r.perChange), cpuPerFrameUs: meanOf(list.map((r) => r.cpuPerFrameUs)),
    ...(first.historyRecording === undefined ? {} : { historyRecording: first.historyRecording }),
  };
}

export function summary(run: FanoutRun): string {
  return `p50 ${run.all.p50} ms, p99 ${run.all.p99} ms, max ${run.all.max} ms, last receiver median ${median(run.perChange.map((c) => c.last))} ms, ack p50 ${run.ackMs.p50} ms, server CPU ${run.cpuPerFrameUs} µs/frame${run.receivedAll ? '' : '  (MISSING MESSAGES)'}`;
}
