// A redis-server of a test's own, on its own port, so a suite can stop and restart Redis under a
// running cluster without touching the shared Redis of other suites. The port is below Linux's
// ephemeral range (32768+) and checked free, so it cannot be a port another suite's client holds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settle } from './manual-clock.js';

export const hasRedisBinary = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisBinary && process.env.CI) throw new Error('redis-server is not on PATH (CI=true, so not skipping)');

export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** Like a crash of the Redis host: nothing saved. */
  stop(): void;
}

const isFree = (port: number): Promise<boolean> => new Promise((resolve) => {
  const probe = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});

export async function privateRedis(): Promise<PrivateRedis> {
  let port = 0;
  for (let i = 0; i < 50 && port === 0; i++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(candidate)) port = candidate;
  }
  if (port === 0) throw new Error('no free port for a private redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'presence-redis-'));
  let child: ChildProcess | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      for (let i = 0; i < 50; i++) {
        if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') return;
        await settle(100);
      }
      throw new Error(`redis-server on port ${port} did not start`);
    },
    stop() {
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      child?.kill('SIGKILL');
      child = null;
    },
  };
}
