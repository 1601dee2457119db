// Benchmark 4 (SPEC 6, 7): the tray's quit path. Time from `goOfflineAndClose()` to every widget
// seeing offline (server reachable), and how long the call itself takes when the server is
// reachable and when it is black-holed by a loopback proxy that stops forwarding.
import WebSocket from 'ws';
import { PresenceClient, type WebSocketConstructor } from '../src/client/presence-client.js';
import { startTcpProxy } from '../test/helpers/tcp-proxy.js';
import { now, percentiles, sleep, benchStart, writeResult, type Percentiles } from './lib/common.js';
import { seedDataDir } from './lib/seed.js';
import { startTarget } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';

export interface QuitParams { widgets: number; rounds: number; blackholeRounds: number; clientProcesses: number }
export interface QuitResult {
  params: QuitParams;
  /** goOfflineAndClose() start → each widget's offline frame, all rounds together. */
  toWidgetOffline: Percentiles;
  /** Per round: the last widget to see offline. */
  lastWidget: Percentiles;
  callReachable: Percentiles;
  callBlackholed: Percentiles;
  via: { reachable: string[]; blackholed: string[] };
  receivedAll: boolean;
}

function newClient(serverUrl: string, token: string, i: number): PresenceClient {
  return new PresenceClient({
    serverUrl, WebSocket: WebSocket as unknown as WebSocketConstructor, fetch,
    credentials: { load: async () => ({ token, deviceId: `quit-${process.pid}-${i}` }), save: async () => undefined },
    device: { kind: 'desktop', name: 'bench' },
  });
}

export async function runQuit(p: QuitParams, resultsDir: string, log: (s: string) => void): Promise<QuitResult> {
  const started = benchStart();
  // Two changes per round; the status limit is one per agent (20 per 10 s, issue 19), so rounds
  // take turns between enough agents of the one account.
  const agents = Math.max(1, Math.ceil((2 * (p.rounds + p.blackholeRounds)) / 16));
  const seeded = await seedDataDir({ accounts: 1, agentsPerAccount: agents });
  const tokenFor = (r: number): string => seeded.agents[r % agents]!.token;
  const target = await startTarget('ours', { dataDir: seeded.dataDir });
  const pool = await WidgetPool.start(p.clientProcesses);
  const toWidget: number[] = [];
  const last: number[] = [];
  const callReachable: number[] = [];
  const callBlackholed: number[] = [];
  const via: QuitResult['via'] = { reachable: [], blackholed: [] };
  let receivedAll = true;
  try {
    await pool.connect('ours', target.widgetUrl(seeded.siteKeys[0]!), p.widgets);
    let index = 0;
    for (let r = 0; r < p.rounds; r++) {
      const client = newClient(target.httpUrl, tokenFor(r), r);
      await client.start();
      await client.waitFor((s) => s.connection === 'connected', 10_000);
      const online = pool.waitAll(++index, 30_000);
      await client.setStatus('online');
      await online;
      await sleep(100);
      const offline = pool.waitAll(++index, 30_000);
      const t0 = now();
      const { via: v } = await client.goOfflineAndClose();
      callReachable.push(now() - t0);
      via.reachable.push(v);
      await offline.catch(() => { receivedAll = false; });
      const times = (await pool.times(index)).flatMap((a) => [...a].map((t) => t - t0));
      if (times.length !== p.widgets) receivedAll = false;
      toWidget.push(...times);
      last.push(Math.max(...times));
      await sleep(100);
    }
    for (let r = 0; r < p.blackholeRounds; r++) {
      const proxy = await startTcpProxy(target.port);
      const client = newClient(proxy.url, tokenFor(r), 1000 + r);
      await client.start();
      await client.waitFor((s) => s.connection === 'connected', 10_000);
      await client.setStatus('online');
      // The socket and any new HTTP connection now lead nowhere: no data, no FIN, no RST.
      proxy.pause();
      const t0 = now();
      const { via: v } = await client.goOfflineAndClose();
      callBlackholed.push(now() - t0);
      via.blackholed.push(v);
      await proxy.close();
      await sleep(200);
    }
  } finally {
    await target.stop();
    await pool.close();
  }
  const result: QuitResult = {
    params: p, toWidgetOffline: percentiles(toWidget), lastWidget: percentiles(last),
    callReachable: percentiles(callReachable), callBlackholed: percentiles(callBlackholed), via, receivedAll,
  };
  log(`quit: widget offline p50 ${result.toWidgetOffline.p50} ms, p99 ${result.toWidgetOffline.p99} ms, last widget max ${result.lastWidget.max} ms; call ${result.callReachable.p50} ms reachable, ${result.callBlackholed.max} ms max black-holed`);
  writeResult(resultsDir, 'quit', result, started);
  return result;
}
