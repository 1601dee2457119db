// Benchmark 3 (SPEC 7): a status change reaching the agent's other devices (3 devices per agent)
// while the same change fans out to a background of widget sockets, ours against both baselines.
// The two receiving devices live in their own client process, like the widgets. Order as the
// fan-out's (bench/lib/balanced-order.ts): an unreported floor run, then every server twice,
// mirrored; a server's figures are the percentiles of its runs' changes pooled (with 15 changes
// a run, one run's p99 is its worst change, and the first run after the warm-up paid for the
// client processes growing: ours ran first and once before, 1.54× the floor at p50).
import { mirroredOrder } from './lib/balanced-order.js';
import { percentiles, sleep, benchStart, writeResult, type Percentiles } from './lib/common.js';
import { FANOUT_HEARTBEAT_MS } from './fanout.js';
import { openDevice } from './lib/driver.js';
import { spawnChild, type Child } from './lib/ipc.js';
import { seedDataDir } from './lib/seed.js';
import { startTarget } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';
import type { TargetKind } from './widget-clients.js';

export interface DevicesParams { widgets: number; flips: number; warmup: number; clientProcesses: number; gapMs: number; targets: TargetKind[] }
export interface DevicesRun {
  target: TargetKind;
  latency: Percentiles;
  receivedAll: boolean;
  /**
   * Per change: the later of the other devices' receipt minus the first widget's receipt, ms
   * (≤ 0: the devices were not behind the fan-out; SPEC 7 second generation).
   */
  devicesMinusFirstWidget: Percentiles;
  /** Changes whose last other device got its frame after the first widget got the change. */
  devicesAfterFirstWidget: number;
}
/** One run's raw figures, before its server's runs are pooled. */
interface DevicesSample { target: TargetKind; lat: number[]; behind: number[]; receivedAll: boolean; widgetBytes: number }
export interface DevicesResult {
  params: DevicesParams;
  /** Per server: its runs pooled. */
  runs: DevicesRun[];
  /** Every measured run in the order run, p50 and p99 of each (older results files: absent). */
  each?: { target: TargetKind; p50: number; p99: number }[];
  ratios: { oursVsWsP50: number; oursVsWsP99: number } | null;
}

async function firstWidgetAt(pool: WidgetPool, index: number): Promise<number> {
  let first = Infinity;
  for (const arr of await pool.times(index)) for (const t of arr) if (t < first) first = t;
  return first;
}

async function devicesOnce(pool: WidgetPool, observers: Child, kind: TargetKind, p: DevicesParams, widgetBytes?: number): Promise<DevicesSample> {
  const seeded = kind === 'ours' ? await seedDataDir({ accounts: 1, agentsPerAccount: 1 }) : null;
  const token = seeded?.agents[0]!.token ?? 'bench-agent';
  const target = await startTarget(kind, { dataDir: seeded?.dataDir, widgetBytes, heartbeatMs: FANOUT_HEARTBEAT_MS });
  try {
    const { firstBytes } = await pool.connect(kind, target.widgetUrl(seeded?.siteKeys[0] ?? 'bench'), p.widgets);
    // The driver here; the two other devices in their own process (bench/device-clients.ts).
    const driver = await openDevice(target, token, 'device-0');
    await observers.request('open', { kind, httpUrl: target.httpUrl, wsUrl: target.wsUrl, token, ids: ['device-1', 'device-2'] });
    const others = async (): Promise<number[][]> => observers.request<number[][]>('times');
    const lat: number[] = [];
    const behind: number[] = [];
    let receivedAll = true;
    // warmup + flips stays under the 20 status.set per 10 s limit of one agent.
    for (let i = 1; i <= p.warmup + p.flips; i++) {
      const delivered = pool.waitAll(i, 60_000);
      const { sentAt, acked } = driver.setStatus(i % 2 === 1 ? 'online' : 'offline');
      await acked;
      await delivered;
      let times = await others();
      for (let wait = 0; times.some((d) => d.length < i) && wait < 100; wait++) { await sleep(20); times = await others(); }
      if (i > p.warmup) {
        for (const d of times) {
          const t = d[i - 1];
          if (t === undefined) receivedAll = false;
          else lat.push(t - sentAt);
        }
        const lastDevice = Math.max(...times.map((d) => d[i - 1] ?? NaN));
        if (Number.isFinite(lastDevice)) behind.push(lastDevice - (await firstWidgetAt(pool, i)));
      }
      await sleep(p.gapMs);
    }
    await driver.close();
    await observers.request('close');
    return { target: kind, lat, behind, receivedAll, widgetBytes: firstBytes };
  } finally {
    await target.stop();
    await pool.release();
  }
}

export async function runDevices(p: DevicesParams, resultsDir: string, log: (s: string) => void): Promise<DevicesResult> {
  const started = benchStart();
  const pool = await WidgetPool.start(p.clientProcesses);
  const observers = await spawnChild('device-clients.ts');
  const samples: DevicesSample[] = [];
  let widgetBytes: number | undefined;
  const sides = (['ours', 'ws', 'sio'] as const).filter((k) => p.targets.includes(k));
  try {
    if (sides.includes('ws')) {
      const warm = await devicesOnce(pool, observers, 'ws', p);
      log(`devices warm-up (ws, not reported): p50 ${percentiles(warm.lat).p50} ms`);
    }
    for (const kind of mirroredOrder<TargetKind>(sides, null, 0)) {
      // Ours runs first: its real frame size sets the baselines' widget payload.
      const sample = await devicesOnce(pool, observers, kind, p, kind === 'ours' ? undefined : widgetBytes);
      if (kind === 'ours') widgetBytes = sample.widgetBytes;
      samples.push(sample);
      const lat = percentiles(sample.lat);
      log(`devices ${kind.padEnd(4)} (${p.widgets} widgets): p50 ${lat.p50} ms, p99 ${lat.p99} ms; devices − first widget p50 ${percentiles(sample.behind).p50} ms (${sample.behind.filter((d) => d > 0).length}/${p.flips} later)${sample.receivedAll ? '' : '  (MISSING MESSAGES)'}`);
    }
  } finally {
    await observers.kill();
    await pool.close();
  }
  const runs = sides.map((kind) => pooled(kind, samples.filter((s) => s.target === kind)));
  const ours = runs.find((r) => r.target === 'ours');
  const ws = runs.find((r) => r.target === 'ws');
  const r2 = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const each = samples.map((s) => { const lat = percentiles(s.lat); return { target: s.target, p50: lat.p50, p99: lat.p99 }; });
  const result = { params: p, runs, each, ratios: ours && ws ? { oursVsWsP50: r2(ours.latency.p50, ws.latency.p50), oursVsWsP99: r2(ours.latency.p99, ws.latency.p99) } : null };
  writeResult(resultsDir, 'devices', result, started);
  return result;
}

function pooled(target: TargetKind, list: readonly DevicesSample[]): DevicesRun {
  const behind = list.flatMap((s) => s.behind);
  return {
    target, latency: percentiles(list.flatMap((s) => s.lat)), receivedAll: list.every((s) => s.receivedAll),
    devicesMinusFirstWidget: percentiles(behind), devicesAfterFirstWidget: behind.filter((d) => d > 0).length,
  };
}
