// The presence server under test, alone in its own process (as in production), driven over IPC
// so the orchestrator can read its heap after a full GC. Same code path as `presence-server`.
import { pino } from 'pino';
import { startPresenceServer, type PresenceServer } from '../src/server/app.js';
import { memorySample, serveIpc } from './lib/ipc.js';

let server: PresenceServer | null = null;

serveIpc({
  async start(o: { dataDir: string; port?: number; graceMs?: number; heartbeatMs?: number }) {
    const t0 = performance.now();
    server = await startPresenceServer({
      host: '127.0.0.1', port: o.port ?? 0, dataDir: o.dataDir, graceMs: o.graceMs ?? 120_000, heartbeatMs: o.heartbeatMs ?? 25_000,
      logger: pino({ level: 'error' }),
    });
    return { port: server.port, pid: process.pid, bootMs: Math.round(performance.now() - t0) };
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
