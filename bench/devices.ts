// Benchmark 3 (SPEC 7): a status change reaching the agent's other devices (3 devices per agent)
// while the same change fans out to a background of widget sockets, ours against both baselines.
// The two receiving devices live in their own client process, like the widgets.
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
export interface DevicesResult { params: DevicesParams; runs: DevicesRun[]; ratios: { oursVsWsP50: number; oursVsWsP99: number } | null }

async function firstWidgetAt(pool: WidgetPool, index: number): Promise<number> {
  let first = Infinity;
  for (const arr of await pool.times(index)) for (const t of arr) if (t < first) first = t;
  return first;
}

async function devicesOnce(pool: WidgetPool, observers: Child, kind: TargetKind, p: DevicesParams, widgetBytes?: number): Promise<DevicesRun & { widgetBytes: number }> {
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
    return { target: kind, latency: percentiles(lat), receivedAll, devicesMinusFirstWidget: percentiles(behind), devicesAfterFirstWidget: behind.filter((d) => d > 0).length, widgetBytes: firstBytes };
  } finally {
    await target.stop();
    await pool.release();
  }
}

export async function runDevices(p: DevicesParams, resultsDir: string, log: (s: string) => void): Promise<DevicesResult> {
  const started = benchStart();
  const pool = await WidgetPool.start(p.clientProcesses);
  const observers = await spawnChild('device-clients.ts');
  const runs: DevicesRun[] = [];
  let widgetBytes: number | undefined;
  try {
    for (const kind of ['ours', 'ws', 'sio'] as const) {
      if (!p.targets.includes(kind)) continue;
      const { widgetBytes: bytes, ...run } = await devicesOnce(pool, observers, kind, p, widgetBytes);
      if (kind === 'ours') widgetBytes = bytes;
      runs.push(run);
      log(`devices ${kind.padEnd(4)} (${p.widgets} widgets): p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms; devices − first widget p50 ${run.devicesMinusFirstWidget.p50} ms, max ${run.devicesMinusFirstWidget.max} ms (${run.devicesAfterFirstWidget}/${p.flips} later)${run.receivedAll ? '' : '  (MISSING MESSAGES)'}`);
    }
  } finally {
    await observers.kill();
    await pool.close();
  }
  const ours = runs.find((r) => r.target === 'ours');
  const ws = runs.find((r) => r.target === 'ws');
  const r2 = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const result = { params: p, runs, ratios: ours && ws ? { oursVsWsP50: r2(ours.latency.p50, ws.latency.p50), oursVsWsP99: r2(ours.latency.p99, ws.latency.p99) } : null };
  writeResult(resultsDir, 'devices', result, started);
  return result;
}
