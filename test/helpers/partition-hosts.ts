// The processes of the partition suite's hosts, each inside its network namespace: a private
// redis-server, a private PostgreSQL (initdb into a temporary directory, about 1.5 s to start
// on the project's machines, so no forwarder to the shared one is needed) and the presence nodes
// (test/helpers/partition-node.ts). Each is killed by pid when its namespace is deleted
// (test/helpers/netns.ts); `stop()` here is the orderly way.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PartitionNodeOptions } from './partition-node.js';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const root = fileURLToPath(new URL('../../', import.meta.url));
const nodeEntry = fileURLToPath(new URL('./partition-node.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface HostProcess { child: ChildProcess; output(): string; stop(): Promise<void> }

function start(ns: string, cmd: string[], opts: { cwd?: string } = {}): HostProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function until(ok: () => boolean, ms: number, what: string, p: HostProcess): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    if (ok()) return;
    if (p.child.exitCode !== null) break;
  }
  throw new Error(`${what} did not start: ${p.output()}`);
}

/** Protected mode off: only this run's veth peers can reach the namespace. */
export async function startRedisIn(ns: string, binds: string[]): Promise<HostProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'partition-redis-'));
  const p = start(ns, ['redis-server', '--port', '6379', '--bind', ...binds, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--protected-mode', 'no']);
  const ping = () => spawnSync('ip', ['netns', 'exec', ns, 'redis-cli', '-h', binds[0]!, 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
  await until(ping, 10_000, 'redis-server', p).catch((err: unknown) => { rmSync(dir, { recursive: true, force: true }); throw err; });
  return { ...p, async stop() { await p.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A throwaway cluster (trust for 10.213.0.0/16), listening only on `listen`; fsync off. */
export async function startPostgresIn(ns: string, listen: string[]): Promise<HostProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'partition-pg-'));
  chownSync(dir, uid('postgres'), gid('postgres'));
  const data = join(dir, 'data');
  const init = spawnSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], { encoding: 'utf8' });
  if (init.status !== 0) { rmSync(dir, { recursive: true, force: true }); throw new Error(`initdb failed: ${init.stderr}`); }
  appendFileSync(join(data, 'pg_hba.conf'), 'host all all 10.213.0.0/16 trust\n');
  const p = start(ns, ['runuser', '-u', 'postgres', '--', `${PG_BIN}/postgres`, '-D', data, '-k', dir, '-c', `listen_addresses=${listen.join(',')}`, '-p', '5432', '-c', 'fsync=off', '-c', 'max_connections=50']);
  const ready = () => spawnSync(`${PG_BIN}/pg_isready`, ['-q', '-h', dir, '-p', '5432']).status === 0;
  await until(ready, 20_000, 'postgres', p).catch(async (err: unknown) => { await p.stop(); rmSync(dir, { recursive: true, force: true }); throw err; });
  return { ...p, async stop() { await p.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A presence node in `ns`; resolves with its port once it serves. */
export async function startNodeIn(ns: string, o: PartitionNodeOptions): Promise<HostProcess & { port: number }> {
  const p = start(ns, [process.execPath, '--import', 'tsx', nodeEntry, JSON.stringify(o)], { cwd: root });
  const port = () => Number(/partition-node listening (\d+)/.exec(p.output())?.[1] ?? 0);
  await until(() => port() > 0, 30_000, `node in ${ns}`, p);
  return { ...p, port: port() };
}

const uid = (user: string) => Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
const gid = (user: string) => Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
