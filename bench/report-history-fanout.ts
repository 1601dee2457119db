// docs/performance.md section 1c (bench/report.ts): fan-out with the status history on and off,
// against the floor, from bench/results/history-fanout.json (bench/fanout-history.ts).
import type { HistoryFanoutResult } from './fanout-history.js';
import type { MachineInfo } from './lib/common.js';

const x = (v: number): string => (Number.isFinite(v) ? `${v}×` : '–');

export function historyFanoutSection(f: HistoryFanoutResult & { machine: MachineInfo }, out: string[], loadLine: (m: MachineInfo) => string): void {
  out.push('## 1c. Fan-out with the status history on and off (issue 16)', '');
  out.push(`As section 1 (${f.params.flips} measured changes after ${f.params.warmup} warm-up, ${f.params.clientProcesses} client processes, a fresh server process per run), in one run: ours with the default retention (each change writes its history events) and ours with \`--history-days 0\` (no history rows), and the bare ws floor. Per N: an unreported floor run (warm-up), then X, Y, floor, Y, X, with X alternating per N; a side's figure is the mean of its two runs. \`npm run bench -- --only history-fanout\`. ${loadLine(f.machine)}`, '');
  out.push('| N | server | p50 | p99 | max | last | ack p50 | CPU/frame µs | all delivered |', '|---:|---|---:|---:|---:|---:|---:|---:|:---:|');
  const name = (h: 'on' | 'off' | null): string => (h === null ? 'bare ws (floor)' : `Agent Presence, history ${h}`);
  for (const r of f.runs) {
    out.push(`| ${r.n.toLocaleString('en')} | ${name(r.history)} | ${r.all.p50} | ${r.all.p99} | ${r.all.max} | ${r.last.p50} | ${r.ackMs.p50} | ${r.cpuPerFrameUs} | ${r.receivedAll ? 'yes' : 'NO'} |`);
  }
  out.push('', '| N | first and last of ours | on: mean p50 / p99 ms, CPU µs | off: mean p50 / p99 ms, CPU µs | on / floor p50, p99, CPU | off / floor p50, p99, CPU | on / off p50, p99, CPU |', '|---:|---|---:|---:|---:|---:|---:|');
  const side = (s: { p50: number; p99: number; cpuPerFrameUs: number }): string => `${s.p50} / ${s.p99}, ${s.cpuPerFrameUs}`;
  for (const r of f.ratios) {
    out.push(`| ${r.n.toLocaleString('en')} | history ${r.firstSide} | ${side(r.on)} | ${side(r.off)} | ${x(r.onVsFloorP50)}, ${x(r.onVsFloorP99)}, ${x(r.onVsFloorCpu)} | ${x(r.offVsFloorP50)}, ${x(r.offVsFloorP99)}, ${x(r.offVsFloorCpu)} | ${x(r.onVsOffP50)}, ${x(r.onVsOffP99)}, ${x(r.onVsOffCpu)} |`);
  }
  out.push('');
}
