// Shared helpers for every benchmark process: one clock, percentiles, machine facts, results files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultResultsDir = join(benchDir, 'results');

/**
 * High-resolution wall clock. Every process on this machine reads the same system clock through
 * timeOrigin, so a send time from one process and a receive time from another are comparable.
 */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Percentiles {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Nearest-rank percentiles, in the unit of the input. */
export function percentiles(values: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { n: 0, min: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n, min: round(sorted[0]!), p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[n - 1]!), mean: round(sum / n) };
}

export function median(values: number[]): number {
  return percentiles(values).p50;
}

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  memGiB: number;
  node: string;
  platform: string;
  date: string;
  /** /proc/loadavg (1, 5, 15 min) when the benchmark started (older files: when it was written). */
  loadAvgAtStart?: number[];
  /** /proc/loadavg when the results were written. */
  loadAvgAtEnd?: number[];
}

export interface BenchStart { date: string; loadAvg?: number[] }

export function loadAvg(): number[] | undefined {
  try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number); } catch { return undefined; /* not Linux */ }
}

/** Call when a benchmark starts; pass to writeResult so the file has the start time and load. */
export function benchStart(): BenchStart {
  return { date: new Date().toISOString(), loadAvg: loadAvg() };
}

export function machineInfo(): MachineInfo {
  let load: number[] | undefined;
  try { load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number); } catch { /* not Linux */ }
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length, memGiB: round(totalmem() / 2 ** 30),
    node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString(), loadAvgAtStart: load,
  };
}

export function writeResult(dir: string, name: string, body: object, started?: BenchStart): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const machine = machineInfo();
  if (started) Object.assign(machine, { date: started.date, loadAvgAtStart: started.loadAvg, loadAvgAtEnd: machine.loadAvgAtStart });
  writeFileSync(file, `${JSON.stringify({ name, machine, ...body }, null, 2)}\n`);
  return file;
}

/**
 * 20k sockets need 20k descriptors in the server and as many in the clients. Children inherit
 * the limit, so raising it once in the orchestrator is enough (root may raise the hard limit).
 */
export function raiseFdLimit(limit = 200_000): void {
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${limit}:${limit}`], { stdio: 'ignore' });
  } catch {
    // Not root or no prlimit: the run still works at smaller N.
  }
}

export function currentFdLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Resolves `p`, or rejects after `ms` with a message naming what was awaited. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}
