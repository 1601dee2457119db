// Benchmark 5 (SPEC 2.1, 7): a reconnect storm. Agents online on real client cores, one widget
// observer per account; the server is SIGKILLed and restarted on the same port and data dir.
// Measures the time until every agent is back, the widget flaps (offline frames, must be 0 inside
// the grace window) and the server's peak CPU and RSS while the storm lasts.
import { now, sleep, benchStart, writeResult } from './lib/common.js';
import { procSample, spawnChild, type Child } from './lib/ipc.js';
import { seedDataDir } from './lib/seed.js';
import { prepareTarget, startTarget, type Target } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';

export interface StormParams { agents: number; agentsPerAccount: number; clientProcesses: number; graceMs: number }
export interface StormResult {
  params: StormParams;
  /** SIGKILL → the new server listening (process already forked, see below). */
  restartMs: number;
  /** Of which startPresenceServer() (store, hub with every account, listen). */
  bootMs: number;
  /** SIGKILL → the last agent's welcome. */
  allBackMs: number | null;
  agentsBack: number;
  withinGrace: boolean;
  widgetObservers: number;
  widgetFlaps: number;
  widgetReconnects: number;
  peakCpuPercent: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
}

const CLK_TCK = 100;

interface AgentStatus { connected: number; total: number; lastConnectedAt: number; drops: number }

async function agentStatus(children: Child[]): Promise<AgentStatus> {
  const all = await Promise.all(children.map((c) => c.request<AgentStatus>('status')));
  return all.reduce((a, s) => ({ connected: a.connected + s.connected, total: a.total + s.total, lastConnectedAt: Math.max(a.lastConnectedAt, s.lastConnectedAt), drops: a.drops + s.drops }));
}

export async function runStorm(p: StormParams, resultsDir: string, log: (s: string) => void): Promise<StormResult> {
  const started = benchStart();
  const accounts = Math.ceil(p.agents / p.agentsPerAccount);
  const seeded = await seedDataDir({ accounts, agentsPerAccount: p.agentsPerAccount, online: true });
  let target: Target = await startTarget('ours', { dataDir: seeded.dataDir, graceMs: p.graceMs });
  const port = target.port;
  const pool = await WidgetPool.start(p.clientProcesses);
  const agents = await Promise.all(Array.from({ length: p.clientProcesses }, () => spawnChild('agent-clients.ts')));
  try {
    await pool.connect('ours', '', accounts, { urls: seeded.siteKeys.map((k) => target.widgetUrl(k)), observe: true });
    const k = agents.length;
    await Promise.all(agents.map((c, i) => c.request('start', {
      serverUrl: target.httpUrl, tokens: seeded.agents.filter((_, j) => j % k === i).map((a) => a.token), localAddress: `127.0.0.${30 + i}`,
    }, 600_000)));
    const before = await agentStatus(agents);
    if (before.connected !== p.agents) throw new Error(`only ${before.connected} of ${p.agents} agents connected before the kill`);
    await sleep(1000);
    const rssBefore = procSample(target.child.pid)?.rssKiB ?? NaN;
    const flapsBefore = (await pool.observed()).offlineSeen;

    // The replacement process is forked and has loaded its modules before the kill: a process
    // manager restarts compiled JS in well under a second, while forking under tsx on two busy
    // cores takes many seconds that say nothing about the server.
    const next = await prepareTarget('ours');
    const killedAt = now();
    await target.child.kill();
    target = await next.start({ dataDir: seeded.dataDir, graceMs: p.graceMs, port });
    const restartMs = now() - killedAt;
    let peakCpu = 0;
    let peakRss = 0;
    let prev = procSample(target.child.pid);
    let prevAt = now();
    let status = await agentStatus(agents);
    const deadline = killedAt + p.graceMs + 10_000;
    while (!(status.drops >= p.agents && status.connected === p.agents) && now() < deadline) {
      await sleep(250);
      const s = procSample(target.child.pid);
      const t = now();
      if (s && prev) {
        peakCpu = Math.max(peakCpu, ((s.cpuTicks - prev.cpuTicks) / CLK_TCK) / ((t - prevAt) / 1000) * 100);
        peakRss = Math.max(peakRss, s.rssKiB);
      }
      prev = s;
      prevAt = t;
      status = await agentStatus(agents);
    }
    const allBack = status.drops >= p.agents && status.connected === p.agents;
    const allBackMs = allBack ? status.lastConnectedAt - killedAt : null;
    await sleep(2000); // let the last widget observers reconnect and report what they see
    const observed = await pool.observed();
    const result: StormResult = {
      params: p, restartMs: Math.round(restartMs), bootMs: target.bootMs ?? NaN, allBackMs: allBackMs === null ? null : Math.round(allBackMs), agentsBack: status.connected,
      withinGrace: allBackMs !== null && allBackMs < p.graceMs, widgetObservers: accounts, widgetFlaps: observed.offlineSeen - flapsBefore,
      widgetReconnects: observed.reconnects, peakCpuPercent: Math.round(peakCpu), peakRssMiB: Math.round(peakRss / 1024), rssBeforeMiB: Math.round(rssBefore / 1024),
    };
    log(`storm: ${p.agents} agents back in ${result.allBackMs} ms (restart ${result.restartMs} ms), ${result.widgetFlaps} flaps over ${accounts} widgets, peak CPU ${result.peakCpuPercent}%, peak RSS ${result.peakRssMiB} MiB`);
    writeResult(resultsDir, 'storm', result, started);
    return result;
  } finally {
    await target.stop();
    await Promise.all(agents.map((c) => c.kill()));
    await pool.close();
  }
}
