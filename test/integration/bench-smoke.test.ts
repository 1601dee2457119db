// The benchmark harness works end to end at tiny N (issue 9). Never asserts a timing: on a shared
// two-core machine only the shape of the results and the delivery of every message are stable.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFanout, type FanoutResult } from '../../bench/fanout.js';

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
    expect(result.runs.map((r) => r.target)).toEqual(['ours', 'ws', 'sio']);
    for (const run of result.runs) {
      expect(run.receivedAll, `${run.target}: every widget got every change exactly once`).toBe(true);
      expect(run.all.n).toBe(n * flips);
      expect(run.perChange).toHaveLength(flips);
      for (const key of ['p50', 'p95', 'p99', 'max'] as const) expect(Number.isFinite(run.all[key])).toBe(true);
      expect(run.frameBytes).toBeGreaterThan(0);
    }
    expect(result.ratios).toHaveLength(1);
    expect(Object.keys(result.ratios[0]!).sort()).toEqual(['n', 'oursVsWsP50', 'oursVsWsP99', 'sioVsOursP50', 'sioVsOursP99']);
  }, 180_000);
});
