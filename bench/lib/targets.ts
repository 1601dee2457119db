// Starting the three servers under test the same way: one child process each, a port, URLs.
import { spawnChild, type Child } from './ipc.js';
import type { TargetKind } from '../widget-clients.js';

export interface Target {
  kind: TargetKind;
  child: Child;
  port: number;
  /** Ours: startPresenceServer() until listening (store, hub, routes). */
  bootMs?: number;
  /** Ours: whether the server writes status history (false with `historyDays: 0`). */
  historyRecording?: boolean;
  httpUrl: string;
  wsUrl: string;
  /** Where a widget client connects for this target and site. */
  widgetUrl(siteKey: string): string;
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Ours: the seeded data directory. */
  dataDir?: string;
  port?: number;
  graceMs?: number;
  /** Server ping sweep interval: ours (default 25 s, SPEC 4.1.5); the baselines ping only when given. */
  heartbeatMs?: number;
  /** Ours: `--max-sockets-per-ip` (the bench default raises it far above N; server-process.ts). */
  maxSocketsPerIp?: number;
  /** Ours: `--history-days` (0 = history off); the server's default when absent. */
  historyDays?: number;
  /** Baselines: frame sizes to match ours. */
  widgetBytes?: number;
  statusBytes?: number;
  welcomeBytes?: number;
  nodeFlags?: string[];
  /** Ours as a cluster node: `postgres://…?schema=NAME`, `redis://…` and the run's key prefix. */
  postgres?: string;
  redis?: string;
  redisPrefix?: string;
}

const scripts: Record<TargetKind, string> = { ours: 'server-process.ts', ws: 'baseline-ws.ts', sio: 'baseline-socketio.ts' };

export const targetLabel: Record<TargetKind, string> = { ours: 'Agent Presence', ws: 'bare ws (floor)', sio: 'Socket.IO 4' };

export async function startTarget(kind: TargetKind, o: TargetOptions = {}): Promise<Target> {
  return (await prepareTarget(kind, o.nodeFlags)).start(o);
}

/** Forks the server process (modules loaded) without listening yet. */
export async function prepareTarget(kind: TargetKind, nodeFlags?: string[]): Promise<{ start(o: TargetOptions): Promise<Target> }> {
  const child = await spawnChild(scripts[kind], { nodeFlags });
  return { start: (o) => listen(kind, child, o) };
}

async function listen(kind: TargetKind, child: Child, o: TargetOptions): Promise<Target> {
  const { port, bootMs, historyRecording } = await child.request<{ port: number; bootMs?: number; historyRecording?: boolean }>('start', kind === 'ours'
    ? { dataDir: o.dataDir, port: o.port, graceMs: o.graceMs, heartbeatMs: o.heartbeatMs, postgres: o.postgres, redis: o.redis, redisPrefix: o.redisPrefix, maxSocketsPerIp: o.maxSocketsPerIp, historyDays: o.historyDays }
    : { widgetBytes: o.widgetBytes ?? 220, statusBytes: o.statusBytes ?? 200, welcomeBytes: o.welcomeBytes ?? 400, heartbeatMs: o.heartbeatMs });
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}`;
  return {
    kind, child, port, bootMs, historyRecording, httpUrl, wsUrl,
    widgetUrl: (siteKey) => (kind === 'sio' ? httpUrl : `${wsUrl}/ws/widget?site=${encodeURIComponent(siteKey)}`),
    // SIGKILL, so the server side closes every TCP connection: the TIME_WAIT lands on the
    // server's port and the clients' ephemeral ports are free for the next round at once.
    stop: async () => {
      if (kind === 'ours' && o.nodeFlags?.some((f) => f.startsWith('--cpu-prof'))) {
        await child.request('exit').catch(() => undefined);
        await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      await child.kill();
    },
  };
}

/** User + system CPU time of the target's server process so far, in µs (process.cpuUsage there). */
export async function serverCpuMicros(target: Target): Promise<number> {
  const { user, system } = await target.child.request<{ user: number; system: number }>('cpu');
  return user + system;
}
