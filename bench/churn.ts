// Benchmark 6 (SPEC 7, second generation): widget connection cost, ours against both baselines,
// each on a fresh server process per phase. Three phases per target:
// - page-load storm: `storm` sockets paced to arrive within `stormWindowMs`; handshakes per
//   second and server CPU (user + system) per handshake. For ours, an agent of another account
//   (no widgets, so its changes add no fan-out) flips its status on one of 3 devices meanwhile:
//   the p99 of its other devices' own-status frames during the storm, against the same before it;
// - steady churn: `churnBase` idle sockets stay; visitors open a widget, get the status and
//   leave (close 1001) at `churnPerSec`; CPU per completed visit;
// - heartbeat: `idle` idle sockets pinged every `pingEveryMs`; CPU per ping, and per minute for
//   those sockets at the product interval (25 s, SPEC 4.1.5).
// Order as the fan-out's (bench/lib/balanced-order.ts): an unreported floor run, then every server
// twice, mirrored (ours ran first and once before: one run's ratio moved by about 0.1 between
// whole runs); a server's figures are the means of its runs, its devices' frames pooled.
// Our server runs with maxSocketsPerIp raised (bench/server-process.ts): the load comes from a
// few loopback addresses and the default (1,000 per address) would refuse it.
import { TIMINGS } from '../src/common/timings.js';
import { meanOf, meanPercentiles, mirroredOrder } from './lib/balanced-order.js';
import { benchStart, percentiles, sleep, writeResult, type Percentiles } from './lib/common.js';
import { openDevice, type AgentDevice } from './lib/driver.js';
import { seedDataDir, type Seeded } from './lib/seed.js';
import { serverCpuMicros, startTarget, type Target } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';
import type { TargetKind } from './widget-clients.js';

export interface ChurnParams {
  storm: number;
  stormWindowMs: number;
  churnBase: number;
  churnPerSec: number;
  churnMs: number;
  idle: number;
  pingEveryMs: number;
  pingWindowMs: number;
  clientProcesses: number;
  targets: TargetKind[];
}

export interface ChurnRun {
  target: TargetKind;
  storm: { sockets: number; elapsedMs: number; handshakesPerSec: number; cpuPerHandshakeUs: number; connectMs: Percentiles };
  churn: { completed: number; failed: number; visitsPerSec: number; cpuPerVisitUs: number };
  heartbeat: { sockets: number; pings: number; cpuPerPingUs: number; cpuMsPerMinuteAt25s: number };
  /** Ours only: own-status frames to the other devices, ms, before and during the storm. */
  devices?: { quiet: Percentiles; duringStorm: Percentiles };
}

export interface ChurnResult {
  params: ChurnParams;
  /** Per server: the mean of its runs. */
  runs: ChurnRun[];
  /** Every measured run in the order run, its CPU figures (older results files: absent). */
  each?: { target: TargetKind; cpuPerHandshakeUs: number; cpuPerVisitUs: number; cpuPerPingUs: number }[];
  /** A target whose run did not finish (e.g. Socket.IO clients timing out in the storm). */
  failed: { target: TargetKind; error: string }[];
  ratios: { oursVsWsHandshakeCpu: number; oursVsWsVisitCpu: number; oursVsWsPingCpu: number; sioVsOursHandshakeCpu: number } | null;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The agent flips on `sender` every `everyMs` until stopped; the receivers record. At most 20
 * status.set per 10 s per agent (issue 19), so the pauses keep both phases together under it.
 */
function flipper(sender: AgentDevice, receivers: AgentDevice[], everyMs: number): { stop(): Promise<number[]> } {
  const lat: number[] = [];
  let online = false;
  let running = true;
  const loop = (async () => {
    while (running) {
      online = !online;
      const before = receivers.map((d) => d.statusTimes.length);
      const { sentAt, acked } = sender.setStatus(online ? 'online' : 'offline');
      await acked;
      for (let wait = 0; receivers.some((d, i) => d.statusTimes.length <= before[i]!) && wait < 250; wait++) await sleep(4);
      for (const [i, d] of receivers.entries()) if (d.statusTimes.length > before[i]!) lat.push(d.statusTimes[before[i]!]! - sentAt);
      await sleep(everyMs);
    }
  })();
  return { stop: async () => { running = false; await loop; return lat; } };
}

async function withTarget<T>(kind: TargetKind, seeded: Seeded | null, heartbeatMs: number, pool: WidgetPool, body: (t: Target) => Promise<T>): Promise<T> {
  const target = await startTarget(kind, { dataDir: seeded?.dataDir, heartbeatMs });
  try {
    return await body(target);
  } finally {
    await target.stop();
    await pool.release();
  }
}

async function cpuOver<T>(target: Target, work: () => Promise<T>): Promise<{ result: T; cpuUs: number }> {
  const before = await serverCpuMicros(target);
  const result = await work();
  return { result, cpuUs: (await serverCpuMicros(target)) - before };
}

/** One run, and ours' devices' latencies unsummarised (pooled over runs). */
interface ChurnSample { run: ChurnRun; quiet: number[]; during: number[] }

async function churnOnce(pool: WidgetPool, kind: TargetKind, p: ChurnParams): Promise<ChurnSample> {
  // Two accounts: widgets on the first, the flipping agent on the second.
  const seeded = kind === 'ours' ? await seedDataDir({ accounts: 2, agentsPerAccount: 1 }) : null;
  const site = (t: Target): string => t.widgetUrl(seeded?.siteKeys[0] ?? 'bench');
  // The product interval for storm and churn, on all three (Socket.IO's default is 25 s too).
  const storm = await withTarget(kind, seeded, TIMINGS.heartbeatMs, pool, async (t) => {
    let devices: AgentDevice[] | null = null;
    let quiet: number[] = [];
    if (seeded) {
      devices = await Promise.all([0, 1, 2, 3].map((i) => openDevice(t, seeded.agents[1]!.token, `churn-device-${i}`)));
      const f = flipper(devices[0]!, devices.slice(2), 500);
      await sleep(Math.min(3000, p.stormWindowMs));
      quiet = await f.stop();
    }
    const f = devices ? flipper(devices[1]!, devices.slice(2), 800) : null;
    const { result, cpuUs } = await cpuOver(t, () => pool.connect(kind, site(t), p.storm, { ratePerSec: (p.storm * 1000) / p.stormWindowMs, concurrency: 5000 }));
    const during = f ? await f.stop() : [];
    if (devices) await Promise.all(devices.map((d) => d.close()));
    return {
      storm: { sockets: p.storm, elapsedMs: Math.round(result.elapsedMs), handshakesPerSec: Math.round(p.storm / (result.elapsedMs / 1000)), cpuPerHandshakeUs: Math.round(cpuUs / p.storm), connectMs: percentiles(result.connectMs) },
      quiet, during, devices: devices !== null,
    };
  });
  const churn = await withTarget(kind, seeded, TIMINGS.heartbeatMs, pool, async (t) => {
    await pool.connect(kind, site(t), p.churnBase);
    const { result, cpuUs } = await cpuOver(t, () => pool.churn(kind, site(t), p.churnPerSec, p.churnMs));
    return { completed: result.completed, failed: result.failed, visitsPerSec: Math.round(result.completed / (p.churnMs / 1000)), cpuPerVisitUs: Math.round(cpuUs / Math.max(1, result.completed)) };
  });
  const heartbeat = await withTarget(kind, seeded, p.pingEveryMs, pool, async (t) => {
    await pool.connect(kind, site(t), p.idle);
    await sleep(p.pingEveryMs); // the first sweep after the connects settle
    const { cpuUs } = await cpuOver(t, () => sleep(p.pingWindowMs));
    const pings = p.idle * (p.pingWindowMs / p.pingEveryMs);
    const perPing = cpuUs / pings;
    return { sockets: p.idle, pings, cpuPerPingUs: r2(perPing), cpuMsPerMinuteAt25s: r2((perPing * p.idle * (60_000 / TIMINGS.heartbeatMs)) / 1000) };
  });
  const devices = storm.devices ? { devices: { quiet: percentiles(storm.quiet), duringStorm: percentiles(storm.during) } } : {};
  return { run: { target: kind, storm: storm.storm, churn, heartbeat, ...devices }, quiet: storm.quiet, during: storm.during };
}

/** A server's runs as one: each figure the mean of its runs', its devices' frames pooled. */
function meanChurn(list: readonly ChurnSample[]): ChurnRun {
  const runs = list.map((s) => s.run);
  const mean = (pick: (r: ChurnRun) => number): number => meanOf(runs.map(pick));
  const first = runs[0]!;
  return {
    target: first.target,
    storm: { sockets: first.storm.sockets, elapsedMs: mean((r) => r.storm.elapsedMs), handshakesPerSec: mean((r) => r.storm.handshakesPerSec), cpuPerHandshakeUs: mean((r) => r.storm.cpuPerHandshakeUs), connectMs: meanPercentiles(runs.map((r) => r.storm.connectMs)) },
    churn: { completed: mean((r) => r.churn.completed), failed: runs.reduce((sum, r) => sum + r.churn.failed, 0), visitsPerSec: mean((r) => r.churn.visitsPerSec), cpuPerVisitUs: mean((r) => r.churn.cpuPerVisitUs) },
    heartbeat: { sockets: first.heartbeat.sockets, pings: first.heartbeat.pings, cpuPerPingUs: mean((r) => r.heartbeat.cpuPerPingUs), cpuMsPerMinuteAt25s: mean((r) => r.heartbeat.cpuMsPerMinuteAt25s) },
    ...(first.devices ? { devices: { quiet: percentiles(list.flatMap((s) => s.quiet)), duringStorm: percentiles(list.flatMap((s) => s.during)) } } : {}),
  };
}

export async function runChurn(p: ChurnParams, resultsDir: string, log: (s: string) => void): Promise<ChurnResult> {
  const started = benchStart();
  const pool = await WidgetPool.start(p.clientProcesses);
  const samples: ChurnSample[] = [];
  const failed: ChurnResult['failed'] = [];
  const sides = (['ours', 'ws', 'sio'] as const).filter((k) => p.targets.includes(k));
  try {
    if (sides.includes('ws')) {
      const warm = await churnOnce(pool, 'ws', p);
      log(`churn warm-up (ws, not reported): ${warm.run.storm.cpuPerHandshakeUs} µs CPU/handshake, ${warm.run.churn.cpuPerVisitUs} µs CPU/visit`);
    }
    for (const kind of mirroredOrder<TargetKind>(sides, null, 0)) {
      let sample: ChurnSample;
      try {
        sample = await churnOnce(pool, kind, p);
      } catch (err) {
        // One run failing (its clients timed out) must not lose the others' figures.
        failed.push({ target: kind, error: String((err as Error).message ?? err).split('\n')[0]! });
        log(`churn ${kind.padEnd(4)}: FAILED ${failed.at(-1)!.error}`);
        await pool.release();
        continue;
      }
      samples.push(sample);
      const { run } = sample;
      const d = run.devices ? `; other devices p99 ${run.devices.quiet.p99} ms quiet, ${run.devices.duringStorm.p99} ms during the storm (${run.devices.duringStorm.n} frames)` : '';
      log(`churn ${kind.padEnd(4)}: storm ${run.storm.sockets} in ${run.storm.elapsedMs} ms (${run.storm.handshakesPerSec}/s), ${run.storm.cpuPerHandshakeUs} µs CPU/handshake; churn ${run.churn.visitsPerSec}/s, ${run.churn.cpuPerVisitUs} µs CPU/visit (${run.churn.failed} failed); heartbeat ${run.heartbeat.cpuPerPingUs} µs CPU/ping, ${run.heartbeat.cpuMsPerMinuteAt25s} ms CPU/min for ${run.heartbeat.sockets} sockets at 25 s${d}`);
    }
  } finally {
    await pool.close();
  }
  const runs = sides.flatMap((kind) => { const list = samples.filter((s) => s.run.target === kind); return list.length > 0 ? [meanChurn(list)] : []; });
  const each = samples.map(({ run }) => ({ target: run.target, cpuPerHandshakeUs: run.storm.cpuPerHandshakeUs, cpuPerVisitUs: run.churn.cpuPerVisitUs, cpuPerPingUs: run.heartbeat.cpuPerPingUs }));
  const by = (k: TargetKind) => runs.find((r) => r.target === k);
  const [ours, ws, sio] = [by('ours'), by('ws'), by('sio')];
  const ratios = ours && ws ? {
    oursVsWsHandshakeCpu: r2(ours.storm.cpuPerHandshakeUs / ws.storm.cpuPerHandshakeUs), oursVsWsVisitCpu: r2(ours.churn.cpuPerVisitUs / ws.churn.cpuPerVisitUs),
    oursVsWsPingCpu: r2(ours.heartbeat.cpuPerPingUs / ws.heartbeat.cpuPerPingUs), sioVsOursHandshakeCpu: sio ? r2(sio.storm.cpuPerHandshakeUs / ours.storm.cpuPerHandshakeUs) : NaN,
  } : null;
  const result = { params: p, runs, each, failed, ratios };
  writeResult(resultsDir, 'churn', result, started);
  return result;
}
