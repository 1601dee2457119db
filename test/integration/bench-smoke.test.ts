// The benchmark harness works end to end at tiny N (issue 9). Never asserts a timing: on a shared
// two-core machine only the shape of the results and the delivery of every message are stable.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChurn, type ChurnResult } from '../../bench/churn.js';
import { runFanout, type FanoutResult } from '../../bench/fanout.js';
import { runFanoutCluster, type FanoutClusterResult } from '../../bench/fanout-cluster.js';
import { runHistoryFanout, type HistoryFanoutResult } from '../../bench/fanout-history.js';
import { clusterServicesAvailable } from '../helpers/cluster.js';
import pg from 'pg';
import { Redis } from 'ioredis';

const clusterServices = await clusterServicesAvailable();

describe('bench harness (SPEC 7: measured by npm run bench, side by side in one run)', () => {
  it('fans one change out to every widget of ours, bare ws and Socket.IO and writes the results file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    const n = 50;
    const flips = 3;
    await runFanout({ ns: [n], flips, warmup: 1, clientProcesses: 2, gapMs: 20, targets: ['ours', 'ws', 'sio'] }, dir, () => undefined);
    const file = join(dir, 'fanout.json');
    expect(existsSync(file)).toBe(true);
    const result = JSON.parse(readFileSync(file, 'utf8')) as FanoutResult & { name: string; machine: { node: string; cpuCount: number } };
    expect(result.name).toBe('fanout');
    expect(result.machine.node).toBe(process.version);
    expect(result.machine.cpuCount).toBeGreaterThan(0);
    // One figure per server (the mean of its runs), from the mirrored order: the warm-up floor run
    // is not reported, then every server twice: ours, Socket.IO, floor, floor, Socket.IO, ours
    // (bench/lib/balanced-order.ts).
    expect(result.runs.map((r) => r.target)).toEqual(['ours', 'ws', 'sio']);
    expect(result.each?.map((r) => `${r.target}#${r.position}`)).toEqual(['ours#1', 'sio#2', 'ws#3', 'ws#4', 'sio#5', 'ours#6']);
    for (const run of result.each ?? []) {
      expect(run.receivedAll, `${run.target} #${run.position}: every widget got every change exactly once`).toBe(true);
      expect(run.all.n).toBe(n * flips);
      expect(run.perChange).toHaveLength(flips);
    }
    for (const run of result.runs) {
      const times = 2; // every server ran twice
      expect(run.receivedAll, `${run.target}: every widget got every change exactly once`).toBe(true);
      expect(run.all.n).toBe(n * flips * times);
      expect(run.perChange).toHaveLength(flips * times);
      for (const key of ['p50', 'p95', 'p99', 'max'] as const) expect(Number.isFinite(run.all[key])).toBe(true);
      expect(run.frameBytes).toBeGreaterThan(0);
      // The server's CPU time was read around each change (a figure, never a threshold).
      expect(run.cpuPerFrameUs, `${run.target}: CPU per frame`).toBeGreaterThan(0);
    }
    expect(result.ratios).toHaveLength(1);
    expect(Object.keys(result.ratios[0]!).sort()).toEqual(['n', 'oursVsWsCpu', 'oursVsWsP50', 'oursVsWsP99', 'sioVsOursCpu', 'sioVsOursP50', 'sioVsOursP99']);
  }, 180_000);

  it('fans out with the status history on and off and to the floor in one run, and the off server really records nothing (issue 16)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-history-'));
    const n = 40;
    const flips = 3;
    await runHistoryFanout({ ns: [n, n], flips, warmup: 1, clientProcesses: 2, gapMs: 20 }, dir, () => undefined);
    const result = JSON.parse(readFileSync(join(dir, 'history-fanout.json'), 'utf8')) as HistoryFanoutResult & { name: string };
    expect(result.name).toBe('history-fanout');
    // X, Y, floor, Y, X per N (the warm-up floor run is not reported), X alternating per N.
    expect(result.runs.map((r) => `${r.target}:${r.history}`)).toEqual([
      'ours:on', 'ours:off', 'ws:null', 'ours:off', 'ours:on',
      'ours:off', 'ours:on', 'ws:null', 'ours:on', 'ours:off',
    ]);
    for (const run of result.runs) {
      expect(run.receivedAll, `${run.target} history ${run.history}: every widget got every change exactly once`).toBe(true);
      expect(run.all.n).toBe(n * flips);
      expect(run.cpuPerFrameUs).toBeGreaterThan(0);
      expect(run.recording, 'what the server said at start matches the side asked for').toBe(run.history === null ? null : run.history === 'on');
    }
    expect(result.ratios.map((r) => r.firstSide)).toEqual(['on', 'off']);
    for (const { firstSide: _first, on, off, ...ratios } of result.ratios) {
      for (const [key, v] of Object.entries({ ...ratios, onP50: on.p50, onP99: on.p99, onCpu: on.cpuPerFrameUs, offP50: off.p50, offP99: off.p99, offCpu: off.cpuPerFrameUs })) expect(Number.isFinite(v), key).toBe(true);
    }
  }, 180_000);

  it('measures the page-load storm, churn and heartbeat of ours and both baselines (figures only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-churn-'));
    await runChurn({ storm: 60, stormWindowMs: 500, churnBase: 20, churnPerSec: 20, churnMs: 1000, idle: 60, pingEveryMs: 250, pingWindowMs: 1000, clientProcesses: 2, targets: ['ours', 'ws', 'sio'] }, dir, () => undefined);
    const result = JSON.parse(readFileSync(join(dir, 'churn.json'), 'utf8')) as ChurnResult & { name: string };
    expect(result.name).toBe('churn');
    expect(result.runs.map((r) => r.target)).toEqual(['ours', 'ws', 'sio']);
    // After an unreported floor run, every server twice, mirrored (bench/lib/balanced-order.ts).
    expect(result.each?.map((r) => r.target)).toEqual(['ours', 'ws', 'sio', 'sio', 'ws', 'ours']);
    for (const run of result.runs) {
      expect(run.storm.connectMs.n, `${run.target}: every storm socket got its status`).toBe(60);
      expect(run.storm.cpuPerHandshakeUs, `${run.target}: CPU per handshake`).toBeGreaterThan(0);
      expect(run.churn, `${run.target}: every visitor came and went, in both runs`).toMatchObject({ completed: 20, failed: 0 });
      expect(run.churn.cpuPerVisitUs).toBeGreaterThan(0);
      expect(run.heartbeat.sockets).toBe(60);
      expect(run.heartbeat.cpuPerPingUs).toBeGreaterThan(0);
    }
    // Ours: the other devices got the agent's changes before and during the storm.
    const ours = result.runs[0]!;
    expect(result.failed).toEqual([]);
    expect(ours.devices?.quiet.n).toBeGreaterThan(0);
    expect(ours.devices?.duringStorm.n).toBeGreaterThan(0);
    expect(Object.keys(result.ratios ?? {}).sort()).toEqual(['oursVsWsHandshakeCpu', 'oursVsWsPingCpu', 'oursVsWsVisitCpu', 'sioVsOursHandshakeCpu']);
  }, 300_000);

  it.skipIf(!clusterServices)('fans one change on node A out to every widget on node B of a 2-node cluster and removes its schema and keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-cluster-'));
    const n = 40;
    const flips = 3;
    await runFanoutCluster({ ns: [n], flips, warmup: 1, clientProcesses: 2, gapMs: 20, sameNode: false }, dir, () => undefined);
    const result = JSON.parse(readFileSync(join(dir, 'fanout-cluster.json'), 'utf8')) as FanoutClusterResult & { name: string };
    expect(result.name).toBe('fanout-cluster');
    expect(result.runs.map((r) => r.mode)).toEqual(['single', 'cluster-cross']);
    for (const run of result.runs) {
      expect(run.receivedAll, `${run.mode}: every widget got every change exactly once`).toBe(true);
      expect(run.all.n).toBe(n * flips);
    }
    expect(result.ratios).toHaveLength(1);
    expect(Number.isFinite(result.ratios[0]!.crossVsSingleP99)).toBe(true);
    // The run's schema and Redis keys are gone.
    const { schema, prefix } = result.clusters[0]!;
    const client = new pg.Client(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const left: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        left.push(...keys);
      } while (cursor !== '0');
      expect(left).toEqual([]);
    } finally {
      await redis.quit();
    }
  }, 180_000);
});
