// Request/response over the Node IPC channel between the orchestrator and its children, plus
// one-way events from child to parent (progress, "every socket got message i").
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './common.js';

// `never` accepts handlers of any argument type; the orchestrator sends what each one expects.
type Handler = (arg: never) => unknown;

interface Request { id: number; cmd: string; arg: unknown }
interface Reply { id: number; ok: boolean; result?: unknown; error?: string }
interface Event { event: string; data?: unknown }

/** Child side: answer commands, and tell the parent we are listening. */
export function serveIpc(handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error('this script runs as a child of bench/run.ts (needs an IPC channel)');
  process.on('message', async (m: Request) => {
    const handler = handlers[m.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${m.cmd}`);
      const result = await handler(m.arg as never);
      process.send!({ id: m.id, ok: true, result } satisfies Reply, undefined, undefined, ignoreClosedChannel);
    } catch (err) {
      process.send!({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) } satisfies Reply, undefined, undefined, ignoreClosedChannel);
    }
  });
  // The orchestrator going away must not leave load generators or servers behind.
  process.on('disconnect', () => process.exit(0));
  process.send({ event: 'ready' } satisfies Event, undefined, undefined, ignoreClosedChannel);
}

// The orchestrator may already be gone (killed run); the disconnect handler then exits.
const ignoreClosedChannel = (): void => undefined;

export function emit(event: string, data?: unknown): void {
  process.send?.({ event, data } satisfies Event, undefined, undefined, ignoreClosedChannel);
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  request<T = unknown>(cmd: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  on(event: string, fn: (data: never) => void): () => void;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  args?: string[];
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

/** Forks bench/<script> under tsx with --expose-gc and waits for its `ready` event. */
export async function spawnChild(script: string, opts: SpawnOptions = {}): Promise<Child> {
  const proc = fork(join(benchDir, script), opts.args ?? [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(opts.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const listeners = new Map<string, Set<(data: never) => void>>();
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => {
    for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${script} exited (${code}) before answering`)); }
    pending.clear();
    resolve(code);
  }));
  proc.on('message', (m: Reply | Event) => {
    if ('event' in m) { for (const fn of listeners.get(m.event) ?? []) fn(m.data as never); return; }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${script}: ${m.error}`));
  });
  const child: Child = {
    name: script, proc, pid: proc.pid!,
    request(cmd, arg, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${script}: ${cmd} timed out after ${timeoutMs} ms`)); }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        proc.send({ id, cmd, arg } satisfies Request);
      });
    },
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => { set.delete(fn); };
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    exited,
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${opts.readyTimeoutMs ?? 30_000} ms`)), opts.readyTimeoutMs ?? 30_000);
    const off = child.on('ready', () => { off(); clearTimeout(timer); resolve(); });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${script} exited (${code}) during start`)); });
  });
  return child;
}

export interface ProcSample { rssKiB: number; cpuTicks: number }

/** RSS and CPU ticks of any process from /proc, for a server we may not be able to ask (storm). */
export function procSample(pid: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rssKiB, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

export interface MemorySample { rssKiB: number; heapUsedKiB: number; heapTotalKiB: number; externalKiB: number; arrayBuffersKiB: number }

/** Child side: full GC (twice, so weak callbacks run) and then the process's memory. */
export function memorySample(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const kib = (x: number): number => Math.round(x / 1024);
  return { rssKiB: kib(m.rss), heapUsedKiB: kib(m.heapUsed), heapTotalKiB: kib(m.heapTotal), externalKiB: kib(m.external), arrayBuffersKiB: kib(m.arrayBuffers) };
}
