// Issue 10 / SPEC 7 (cluster): one agent's status change on node A fanned out to N widget sockets
// on node B of a 2-node cluster (PostgreSQL store + Redis bus, each node its own process), from
// the agent's status.set send to each widget's receipt; in the same run, with the same N and the
// same client processes, the single-node figure (agent and widgets on one embedded node) and the
// same-node figure inside the cluster (agent and widgets both on node A), so the Redis hop and
// the PostgreSQL commit show separately. Target: cross-node p99 ≤ 1.5× single-node p99 (SPEC 7)
// and cross-node p99 < 250 ms at 10k widgets (issue 10).
import { cleanup, startBenchCluster } from './lib/cluster.js';
import { median, benchStart, writeResult } from './lib/common.js';
import { WidgetPool } from './lib/widget-pool.js';
import { fanoutOnce, flipAndMeasure, type FanoutParams, type FanoutRun } from './fanout.js';
import { RATE_LIMITS } from '../src/common/timings.js';

export type ClusterMode = 'single' | 'cluster-same' | 'cluster-cross';

export interface FanoutClusterParams extends Omit<FanoutParams, 'targets' | 'profileOurs'> {
  /** Also measure agent and widgets on node A of the cluster. */
  sameNode: boolean;
}

export interface FanoutClusterRun extends FanoutRun { mode: ClusterMode }

export interface FanoutClusterRatio {
  n: number;
  crossP50: number;
  crossP99: number;
  singleP50: number;
  singleP99: number;
  /** cross-node p99 / single-node p99; SPEC 7: ≤ 1.5. */
  crossVsSingleP99: number;
  crossVsSingleP50: number;
  /** cross-node p99 / same-node-in-cluster p99: the cost of the Redis hop alone. */
  crossVsSameP99?: number;
}

export interface FanoutClusterResult {
  params: FanoutClusterParams;
  runs: FanoutClusterRun[];
  ratios: FanoutClusterRatio[];
  clusters: { n: number; schema: string; prefix: string; bootMs: number[]; keysDeleted: number }[];
}

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

export async function runFanoutCluster(p: FanoutClusterParams, resultsDir: string, log: (s: string) => void): Promise<FanoutClusterResult> {
  const started = benchStart();
  const runs: FanoutClusterRun[] = [];
  const ratios: FanoutClusterRatio[] = [];
  const clusters: FanoutClusterResult['clusters'] = [];
  const fp: FanoutParams = { ...p, targets: ['ours'] };
  const show = (r: FanoutClusterRun): void => log(`fanout-cluster ${r.mode.padEnd(13)} N=${r.n}: p50 ${r.all.p50} ms, p99 ${r.all.p99} ms, max ${r.all.max} ms, last receiver median ${median(r.perChange.map((c) => c.last))} ms${r.receivedAll ? '' : '  (MISSING MESSAGES)'}`);
  const pool = await WidgetPool.start(p.clientProcesses);
  try {
    for (const n of p.ns) {
      const single: FanoutClusterRun = { mode: 'single', ...(await fanoutOnce(pool, 'ours', n, fp)) };
      runs.push(single);
      show(single);
      const cluster = await startBenchCluster();
      let cross: FanoutClusterRun;
      let same: FanoutClusterRun | undefined;
      let keysDeleted = 0;
      try {
        const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
        try {
          const { firstBytes } = await pool.connect('ours', b.widgetUrl(cluster.siteKey), n);
          cross = { mode: 'cluster-cross', ...(await flipAndMeasure(a, pool, cluster.tokens, n, firstBytes, fp)) };
        } finally {
          await pool.release();
        }
        runs.push(cross);
        show(cross);
        if (p.sameNode) {
          // The cross run's changes still count against the same agents' limit (RATE_LIMITS.statusSet,
          // per agent per window): without the wait the same-node run's 17th change was refused.
          await new Promise((r) => setTimeout(r, RATE_LIMITS.statusSet.windowMs));
          try {
            const { firstBytes } = await pool.connect('ours', a.widgetUrl(cluster.siteKey), n);
            same = { mode: 'cluster-same', ...(await flipAndMeasure(a, pool, cluster.tokens, n, firstBytes, fp)) };
          } finally {
            await pool.release();
          }
          runs.push(same);
          show(same);
        }
      } finally {
        await Promise.all(cluster.nodes.map((t) => t.stop().catch(() => undefined)));
        keysDeleted = (await cleanupQuietly(cluster)).keysDeleted;
      }
      clusters.push({ n, schema: cluster.schema, prefix: cluster.prefix, bootMs: cluster.bootMs, keysDeleted });
      const r: FanoutClusterRatio = {
        n, crossP50: cross.all.p50, crossP99: cross.all.p99, singleP50: single.all.p50, singleP99: single.all.p99,
        crossVsSingleP99: ratio(cross.all.p99, single.all.p99), crossVsSingleP50: ratio(cross.all.p50, single.all.p50),
        ...(same ? { crossVsSameP99: ratio(cross.all.p99, same.all.p99) } : {}),
      };
      ratios.push(r);
      log(`fanout-cluster N=${n}: cross-node p99 / single-node p99 = ${r.crossVsSingleP99}× (target ≤ 1.5×)${n >= 10_000 ? `, cross-node p99 ${r.crossP99} ms (target < 250 ms)` : ''}`);
    }
  } finally {
    await pool.close();
  }
  const result: FanoutClusterResult = { params: p, runs, ratios, clusters };
  writeResult(resultsDir, 'fanout-cluster', result, started);
  return result;
}

async function cleanupQuietly(c: { schema: string; prefix: string }): Promise<{ keysDeleted: number }> {
  try {
    return await cleanup(c.schema, c.prefix);
  } catch {
    return { keysDeleted: NaN };
  }
}
