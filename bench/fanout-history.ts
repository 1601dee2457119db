// Issue 16, "Measured": fan-out ratios against the floor with the status history on and off, in
// the same run at the same N. Ours with the default retention (every change writes its intent,
// effective-status and chat-box events) and with `--history-days 0` (no history rows), each on a
// fresh server process, and the bare ws floor. Same harness as bench/fanout.ts (fanoutOnce).
// Order per N (bench/lib/balanced-order.ts, as bench/fanout.ts): an unreported floor run first
// (the first run at a new N was seen to pay for the client processes growing: its p99 up to 3×
// the next run's), then X, Y, floor, Y, X with X alternating per N, so each side has one early
// and one late run; a side's figure is the mean of its two runs.
import { meanOf, mirroredOrder } from './lib/balanced-order.js';
import { benchStart, writeResult } from './lib/common.js';
import { WidgetPool } from './lib/widget-pool.js';
import { fanoutOnce, summary, type FanoutParams, type FanoutRun } from './fanout.js';

export type HistoryFanoutParams = Omit<FanoutParams, 'targets' | 'profileOurs'>;

export type HistorySide = 'on' | 'off';

export interface HistoryFanoutRun extends FanoutRun {
  /** Ours: history on or off as asked; the floor has none. */
  history: HistorySide | null;
  /** What our server said at start (server.history.recording), so a lost option cannot pass unseen. */
  recording: boolean | null;
}

export interface HistoryFanoutRatio {
  n: number;
  /** Which of ours ran first (and last) at this N: alternated, so a drifting load favours neither. */
  firstSide: HistorySide;
  /** Mean over the side's two runs, ms and µs. */
  on: SideFigures; off: SideFigures;
  onVsFloorP50: number; onVsFloorP99: number; onVsFloorCpu: number;
  offVsFloorP50: number; offVsFloorP99: number; offVsFloorCpu: number;
  onVsOffP50: number; onVsOffP99: number; onVsOffCpu: number;
}

export interface SideFigures { p50: number; p99: number; cpuPerFrameUs: number }

export interface HistoryFanoutResult { params: HistoryFanoutParams; runs: HistoryFanoutRun[]; ratios: HistoryFanoutRatio[] }

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
const mean = (runs: FanoutRun[], pick: (r: FanoutRun) => number): number => meanOf(runs.map(pick));
const figures = (runs: FanoutRun[]): SideFigures => ({ p50: mean(runs, (r) => r.all.p50), p99: mean(runs, (r) => r.all.p99), cpuPerFrameUs: mean(runs, (r) => r.cpuPerFrameUs) });

export async function runHistoryFanout(p: HistoryFanoutParams, resultsDir: string, log: (s: string) => void): Promise<HistoryFanoutResult> {
  const started = benchStart();
  const full: FanoutParams = { ...p, targets: ['ours', 'ws'] };
  const runs: HistoryFanoutRun[] = [];
  const ratios: HistoryFanoutRatio[] = [];
  const pool = await WidgetPool.start(p.clientProcesses);
  try {
    for (const [i, n] of p.ns.entries()) {
      const order = mirroredOrder<HistorySide | 'floor'>(['on', 'off'], 'floor', i);
      const x = order[0] as HistorySide;
      const warm = await fanoutOnce(pool, 'ws', n, full);
      log(`history-fanout warm-up (ws, not reported) N=${n}: ${summary(warm)}`);
      const ours: Record<HistorySide, FanoutRun[]> = { on: [], off: [] };
      let floor: FanoutRun | null = null;
      for (const step of order) {
        if (step === 'floor') {
          // The floor sends frames of our real size, as in bench/fanout.ts.
          floor = await fanoutOnce(pool, 'ws', n, full, { widgetBytes: ours[x][0]!.frameBytes });
          runs.push({ ...floor, history: null, recording: null });
          log(`history-fanout floor (ws)       N=${n}: ${summary(floor)}`);
          continue;
        }
        // 'on' = the server's default retention, exactly what an operator runs.
        const run = await fanoutOnce(pool, 'ours', n, full, {}, undefined, step === 'off' ? { historyDays: 0 } : {});
        ours[step].push(run);
        runs.push({ ...run, history: step, recording: run.historyRecording ?? null });
        log(`history-fanout ours history ${step.padEnd(3)} N=${n}: ${summary(run)}`);
      }
      const on = figures(ours.on);
      const off = figures(ours.off);
      const f = figures([floor!]);
      ratios.push({
        n, firstSide: x, on, off,
        onVsFloorP50: ratio(on.p50, f.p50), onVsFloorP99: ratio(on.p99, f.p99), onVsFloorCpu: ratio(on.cpuPerFrameUs, f.cpuPerFrameUs),
        offVsFloorP50: ratio(off.p50, f.p50), offVsFloorP99: ratio(off.p99, f.p99), offVsFloorCpu: ratio(off.cpuPerFrameUs, f.cpuPerFrameUs),
        onVsOffP50: ratio(on.p50, off.p50), onVsOffP99: ratio(on.p99, off.p99), onVsOffCpu: ratio(on.cpuPerFrameUs, off.cpuPerFrameUs),
      });
    }
  } finally {
    await pool.close();
  }
  const result = { params: p, runs, ratios };
  writeResult(resultsDir, 'history-fanout', result, started);
  return result;
}
