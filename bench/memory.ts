// Benchmark 2 (SPEC 7): server memory per idle widget socket and per idle agent socket. Sockets
// are added in steps on one server process; after each step the server runs a full GC and
// reports RSS and heap. Per-socket cost = growth since the empty (warmed-up) server / sockets.
import { sleep, benchStart, writeResult } from './lib/common.js';
import { spawnChild, type Child, type MemorySample } from './lib/ipc.js';
import { seedDataDir, type Seeded } from './lib/seed.js';
import { startTarget, type Target } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';
import type { TargetKind } from './widget-clients.js';

export interface MemoryParams { ns: number[]; clientProcesses: number; agentsPerAccount: number; targets: TargetKind[]; settleMs: number }

export interface MemoryStep { n: number; mem: MemorySample; perSocketRssKiB: number; perSocketHeapKiB: number }
export interface MemoryRun { target: TargetKind; socket: 'widget' | 'agent'; empty: MemorySample; steps: MemoryStep[]; ok: boolean; error?: string }
export interface MemoryResult { params: MemoryParams; runs: MemoryRun[] }

const per = (grown: number, n: number): number => Math.round((grown / n) * 100) / 100;

async function measure(target: Target, settleMs: number): Promise<MemorySample> {
  await sleep(settleMs);
  return target.child.request<MemorySample>('mem');
}

async function memoryOnce(kind: TargetKind, socket: 'widget' | 'agent', p: MemoryParams, seeded: Seeded, pool: WidgetPool | null, agents: Child[]): Promise<MemoryRun> {
  const target = await startTarget(kind, { dataDir: kind === 'ours' ? seeded.dataDir : undefined });
  const run: MemoryRun = { target: kind, socket, empty: { rssKiB: 0, heapUsedKiB: 0, heapTotalKiB: 0, externalKiB: 0, arrayBuffersKiB: 0 }, steps: [], ok: true };
  try {
    // Warm-up: the first sockets load and compile code paths; that is not per-socket memory.
    await addSockets(kind, socket, target, pool, agents, seeded, 0, 20);
    run.empty = await measure(target, p.settleMs);
    let have = 20;
    for (const n of p.ns) {
      await addSockets(kind, socket, target, pool, agents, seeded, have, n);
      have = n;
      const mem = await measure(target, p.settleMs);
      run.steps.push({ n, mem, perSocketRssKiB: per(mem.rssKiB - run.empty.rssKiB, n - 20), perSocketHeapKiB: per(mem.heapUsedKiB - run.empty.heapUsedKiB, n - 20) });
    }
  } catch (err) {
    run.ok = false;
    run.error = (err as Error).message;
  } finally {
    await target.stop();
    await pool?.release();
    await Promise.all(agents.map((c) => c.request('close')));
  }
  return run;
}

async function addSockets(kind: TargetKind, socket: 'widget' | 'agent', target: Target, pool: WidgetPool | null, agents: Child[], seeded: Seeded, from: number, to: number): Promise<void> {
  if (pool) {
    await pool.connect(kind, target.widgetUrl(seeded.siteKeys[0]!), to - from);
    return;
  }
  const tokens = seeded.agents.slice(from, to).map((a) => a.token);
  const k = agents.length;
  await Promise.all(agents.map((c, i) => c.request('raw', {
    kind, url: kind === 'sio' ? target.httpUrl : target.wsUrl, tokens: tokens.filter((_, j) => j % k === i), localAddress: `127.0.0.${20 + i}`,
  }, 600_000)));
}

export async function runMemory(p: MemoryParams, resultsDir: string, log: (s: string) => void): Promise<MemoryResult> {
  const started = benchStart();
  const maxN = Math.max(...p.ns);
  // One agent per idle agent socket, in accounts of a realistic size (team messages are per account).
  const seeded = await seedDataDir({ accounts: Math.ceil(maxN / p.agentsPerAccount), agentsPerAccount: p.agentsPerAccount });
  const runs: MemoryRun[] = [];
  const pool = await WidgetPool.start(p.clientProcesses);
  const agents = await Promise.all(Array.from({ length: p.clientProcesses }, () => spawnChild('agent-clients.ts')));
  for (const socket of ['widget', 'agent'] as const) {
    for (const kind of ['ours', 'ws', 'sio'] as const) {
      if (!p.targets.includes(kind)) continue;
      const run = await memoryOnce(kind, socket, p, seeded, socket === 'widget' ? pool : null, socket === 'agent' ? agents : []);
      runs.push(run);
      log(`memory ${kind.padEnd(4)} ${socket.padEnd(6)}: ${run.steps.map((s) => `N=${s.n} ${s.perSocketRssKiB} KiB RSS, ${s.perSocketHeapKiB} KiB heap`).join(' | ')}${run.ok ? '' : `  FAILED: ${run.error}`}`);
    }
  }
  await pool.close();
  await Promise.all(agents.map((c) => c.kill()));
  const result = { params: p, runs };
  writeResult(resultsDir, 'memory', result, started);
  return result;
}
