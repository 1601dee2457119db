// `npm run bench [-- --quick] [--only fanout,fanout-cluster,memory,devices,quit,storm,churn,office-hours,history-fanout] [--profile]`
// Runs the benchmarks of SPEC 7 side by side with their baselines, writes bench/results/*.json
// and regenerates docs/performance.md (bench/report.ts).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SOCKET_LIMITS } from '../src/common/timings.js';
import { runChurn } from './churn.js';
import { runDevices } from './devices.js';
import { runFanout } from './fanout.js';
import { runFanoutCluster } from './fanout-cluster.js';
import { runHistoryFanout } from './fanout-history.js';
import { currentFdLimit, defaultResultsDir, loadAvg, raiseFdLimit } from './lib/common.js';
import { runMemory } from './memory.js';
import { runOfficeHoursBench } from './office-hours.js';
import { runQuit } from './quit.js';
import { writeReport } from './report.js';
import { runStorm } from './storm.js';

export const BENCHMARKS = ['fanout', 'fanout-cluster', 'memory', 'devices', 'quit', 'storm', 'churn', 'office-hours', 'history-fanout'] as const;
/** Run only when named in --only: history-fanout repeats fan-out twice more per N (issue 16). */
const ON_REQUEST: readonly BenchName[] = ['history-fanout'];
export type BenchName = (typeof BENCHMARKS)[number];

export interface RunOptions { quick: boolean; only?: BenchName[]; resultsDir?: string; profile?: boolean; report?: boolean; log?: (s: string) => void }

export function plan(quick: boolean, profile = false) {
  const targets = ['ours', 'ws', 'sio'] as const;
  // One process may hold at most RLIMIT_NOFILE descriptors; a sandbox without CAP_SYS_RESOURCE
  // cannot raise a hard limit of 20,000, so the largest step stays just under it.
  const fdRoom = Number.isFinite(currentFdLimit()) ? currentFdLimit() - 300 : 20_000;
  const maxSockets = Math.min(20_000, fdRoom);
  return {
    fanout: { ns: quick ? [200, 1000] : [1000, 5000, 10_000], flips: quick ? 6 : 20, warmup: quick ? 1 : 2, clientProcesses: 2, gapMs: quick ? 30 : 200, targets: [...targets], profileOurs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), 'presence-bench-profiles')}`] : undefined },
    // Cluster (issue 10): warm-up + flips even, so the last change leaves the agent offline and
    // the driver's goodbye changes nothing a widget sees.
    // Issue 16: ours with history on and off, and the floor, at the fan-out's sizes.
    historyFanout: { ns: quick ? [200, 1000] : [1000, 5000, 10_000], flips: quick ? 6 : 20, warmup: quick ? 1 : 2, clientProcesses: 2, gapMs: quick ? 30 : 200 },
    fanoutCluster: { ns: quick ? [200] : [1000, 10_000], flips: quick ? 5 : 20, warmup: quick ? 1 : 2, clientProcesses: 2, gapMs: quick ? 30 : 200, sameNode: true },
    // Ours keeps its descriptor reserve for agents (issue 19): widget sockets past the open-files
    // limit less that reserve are refused (429), so the largest step stays under it for everyone.
    memory: { ns: quick ? [1000] : [1000, 10_000, Math.min(maxSockets, fdRoom - SOCKET_LIMITS.fdReserve)], clientProcesses: 2, agentsPerAccount: 5, targets: [...targets], settleMs: quick ? 300 : 2000 },
    devices: { widgets: quick ? 500 : 10_000, flips: quick ? 8 : 15, warmup: quick ? 1 : 2, clientProcesses: 2, gapMs: quick ? 30 : 200, targets: [...targets] },
    quit: { widgets: 1000, rounds: quick ? 3 : 20, blackholeRounds: quick ? 1 : 5, clientProcesses: 2 },
    storm: { agents: quick ? 300 : 5000, agentsPerAccount: 1, clientProcesses: 2, graceMs: 120_000 },
    // Page-load storm, churn and heartbeat (second generation). Ours keeps its descriptor reserve
    // for agents (issue 19), so the idle step is the open-files limit less that reserve.
    churn: {
      storm: quick ? 1000 : 10_000, stormWindowMs: quick ? 2000 : 10_000, churnBase: quick ? 200 : 2000, churnPerSec: quick ? 50 : 200, churnMs: quick ? 3000 : 20_000,
      idle: quick ? 1000 : Math.min(20_000, fdRoom - SOCKET_LIMITS.fdReserve), pingEveryMs: quick ? 500 : 1000, pingWindowMs: quick ? 2000 : 20_000, clientProcesses: 2, targets: [...targets],
    },
    officeHours: quick ? { iterations: 20_000, rounds: 3 } : {},
  };
}

export async function runBench(o: RunOptions): Promise<void> {
  const log = o.log ?? ((s: string) => console.log(s));
  const dir = o.resultsDir ?? defaultResultsDir;
  raiseFdLimit();
  const p = plan(o.quick, o.profile);
  const want = (name: BenchName): boolean => (o.only ? o.only.includes(name) : !ON_REQUEST.includes(name));
  log(`bench ${o.quick ? '(quick) ' : ''}results → ${dir}; open files limit ${currentFdLimit()}`);
  const t0 = Date.now();
  // Every benchmark says the load it ran under: on shared cores that is half of its meaning.
  const step = async (name: BenchName, run: () => Promise<unknown>): Promise<void> => {
    if (!want(name)) return;
    log(`${name}: load average before ${loadAvg()?.join(' ') ?? '?'}`);
    await run();
    log(`${name}: load average after ${loadAvg()?.join(' ') ?? '?'}`);
  };
  await step('fanout', () => runFanout(p.fanout, dir, log));
  await step('history-fanout', () => runHistoryFanout(p.historyFanout, dir, log));
  await step('fanout-cluster', () => runFanoutCluster(p.fanoutCluster, dir, log));
  await step('memory', () => runMemory(p.memory, dir, log));
  await step('devices', () => runDevices(p.devices, dir, log));
  await step('quit', () => runQuit(p.quit, dir, log));
  await step('storm', () => runStorm(p.storm, dir, log));
  await step('churn', () => runChurn(p.churn, dir, log));
  if (want('office-hours') && dir === defaultResultsDir) {
    const r = runOfficeHoursBench(p.officeHours);
    log(`office-hours: isOpen ${r.results.isOpenPerSec.toLocaleString('en')}/s, nextChange ${r.results.nextChangePerSec.toLocaleString('en')}/s`);
  }
  if (o.report ?? dir === defaultResultsDir) log(`report → ${writeReport(dir)}`);
  log(`bench done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

if (process.argv[1]?.endsWith('run.ts')) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, results: { type: 'string' }, profile: { type: 'boolean', default: false } } });
  const only = values.only?.split(',').map((s) => s.trim()) as BenchName[] | undefined;
  for (const name of only ?? []) if (!BENCHMARKS.includes(name)) { console.error(`unknown benchmark ${name}; one of ${BENCHMARKS.join(', ')}`); process.exit(2); }
  runBench({ quick: values.quick, only, resultsDir: values.results, profile: values.profile }).then(
    () => process.exit(0),
    (err) => { console.error(err); process.exit(1); },
  );
}
