// Scale and figures of the hardening suite. `npm test` runs it at CI size; `npm run
// test:hardening -- --long` sets HARDENING_LONG=1 for the long variants. Every suite writes the
// figures it measured to test-output/hardening/<suite>.json so scripts/hardening.ts and
// docs/security.md quote measured numbers, not hopes.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LONG = process.env.HARDENING_LONG === '1';

/** The CI figure, or the long one under --long. */
export const scale = (ci: number, long: number): number => (LONG ? long : ci);

/** A fixed seed by default so a CI failure reproduces; HARDENING_SEED overrides it. */
export const SEED = Number(process.env.HARDENING_SEED ?? 20260611);

export const outputDir = join(new URL('../../', import.meta.url).pathname, 'test-output');

export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const dir = join(outputDir, 'hardening');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify({ suite, long: LONG, seed: SEED, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

/** Resident set size and open file descriptors of a process, from /proc (Linux). */
/** `sockets`: the descriptors that are sockets (a worker thread's own event loop and files are not). */
export async function sampleProcess(pid: number): Promise<{ rssKiB: number; fds: number; sockets: number }> {
  const { readFile, readdir, readlink } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const entries = await readdir(`/proc/${pid}/fd`);
  const links = await Promise.all(entries.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return { rssKiB, fds: entries.length, sockets: links.filter((l) => l.startsWith('socket:')).length };
}

/** Least-squares slope of y over x (per unit of x). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A fresh data directory on tmpfs when there is one: suites that are not about the disk skip fsync cost. */
export function fuzzDataDir(): string | undefined {
  return existsSync('/dev/shm') ? mkdtempSync('/dev/shm/presence-hardening-') : undefined;
}

/** Removes a tmpfs data directory after its server closed: tmpfs is RAM. */
export function removeFuzzDataDir(dir: string): void {
  if (dir.startsWith('/dev/shm/presence-hardening-')) rmSync(dir, { recursive: true, force: true });
}
