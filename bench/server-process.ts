// The presence server under test, alone in its own process (as in production), driven over IPC
// so the orchestrator can read its heap after a full GC. Same code path as `presence-server`:
// embedded SQLite (`dataDir`), or a cluster node on PostgreSQL + Redis (`postgres`, `redis`,
// `redisPrefix`), opened exactly as `presence-server --postgres URL --redis URL` does.
import { pino } from 'pino';
import { openClusterBackends } from '../src/cli/cluster-options.js';
import { startPresenceServer, type PresenceServer } from '../src/server/app.js';
import { memorySample, serveIpc } from './lib/ipc.js';

let server: PresenceServer | null = null;

export interface ServerStartOptions {
  dataDir?: string;
  port?: number;
  graceMs?: number;
  heartbeatMs?: number;
  /** Cluster mode: `postgres://…?schema=NAME` (as `--postgres`). */
  postgres?: string;
  /** Cluster mode: `redis://…` (as `--redis`). */
  redis?: string;
  /** REDIS_KEY_PREFIX of this run. */
  redisPrefix?: string;
  /**
   * `--max-sockets-per-ip` (default 1,000 since issue 19). The load generators open thousands of
   * widget sockets from a few loopback addresses, so the bench raises it (BENCH_MAX_SOCKETS_PER_IP).
   */
  maxSocketsPerIp?: number;
  /** `--history-days`; 0 = history off (bench/fanout-history.ts compares on and off). */
  historyDays?: number;
}

/** What every bench run of ours uses unless told otherwise: far above any N the bench opens. */
export const BENCH_MAX_SOCKETS_PER_IP = 1_000_000;

serveIpc({
  async start(o: ServerStartOptions) {
    const t0 = performance.now();
    let backends: Awaited<ReturnType<typeof openClusterBackends>> | undefined;
    if (o.postgres) {
      if (o.redisPrefix) process.env.REDIS_KEY_PREFIX = o.redisPrefix;
      backends = await openClusterBackends({ postgres: o.postgres, redis: o.redis });
    }
    server = await startPresenceServer({
      host: '127.0.0.1', port: o.port ?? 0, dataDir: o.dataDir, graceMs: o.graceMs ?? 120_000, heartbeatMs: o.heartbeatMs ?? 25_000,
      logger: pino({ level: 'error' }), maxSocketsPerIp: o.maxSocketsPerIp ?? BENCH_MAX_SOCKETS_PER_IP,
      ...(o.historyDays !== undefined ? { historyDays: o.historyDays } : {}),
      ...(backends ? { store: backends.store, ...(backends.bus ? { bus: backends.bus } : {}) } : {}),
    });
    return { port: server.port, pid: process.pid, bootMs: Math.round(performance.now() - t0), historyRecording: server.history.recording };
  },
  /** Cluster mode: an account created in the shared store after this node started. */
  async accountCreated(accountId: string) {
    await server?.hub.accountCreated(accountId);
  },
  mem: () => memorySample(),
  cpu: () => process.cpuUsage(),
  async stop() {
    await server?.close();
    server = null;
  },
  /** A normal exit, so `--cpu-prof` gets to write its profile (SIGKILL would lose it). */
  exit() {
    setTimeout(() => process.exit(0), 50);
  },
});
