// Webhook delivery (SPEC 10, issue 17): deliveries per second to a local receiver (one endpoint,
// where order allows one in flight; and 16 endpoints, the per-node concurrency), and the outbox
// latency from a committed change to its first attempt arriving at the receiver (p50/p99).
// One in-process SQLite server, a plain http receiver on loopback (--webhooks-allow-private).
// Run: npx tsx bench/webhooks.ts [--quick]   → bench/results/webhooks.json
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startPresenceServer, type PresenceServer } from '../src/server/app.js';
import { createAccount } from '../src/server/setup.js';
import { openSqliteStore } from '../src/server/store/sqlite.js';
import { benchStart, defaultResultsDir, percentiles, sleep, writeResult } from './lib/common.js';

interface Receiver { url: string; arrivals: Map<string, number>; count: number; close(): Promise<void> }

async function receiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const r: Receiver = { url: '', arrivals, count: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { agentId: string; version: number } };
      const key = `${body.data.agentId}:${body.data.version}`;
      if (!arrivals.has(key)) arrivals.set(key, at);
      r.count += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return r;
}

async function until(pred: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('bench: deliveries did not arrive in time');
    await sleep(5);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const quick = values.quick === true;
  const started = benchStart();
  const dataDir = mkdtempSync(join(tmpdir(), 'presence-bench-webhooks-'));
  const setup = await openSqliteStore(dataDir);
  const created = await createAccount(setup, { account: 'Bench', email: 'bench@bench.example', password: 'bench-password' });
  const agents = [created.adminId];
  for (let i = 0; i < 19; i++) agents.push((await setup.createAgent(created.accountId, { email: `a${i}@bench.example`, name: `Agent ${i}`, role: 'agent', groupIds: [], passwordHash: 'x' })).id);
  await setup.close();
  const server: PresenceServer = await startPresenceServer({ dataDir, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), webhooksAllowPrivate: true });
  const { webhooks, hub } = server;
  const versions = new Map<string, 'online' | 'away'>();
  const change = async (agentId: string): Promise<{ key: string; at: number }> => {
    const next = versions.get(agentId) === 'away' ? 'online' : 'away';
    versions.set(agentId, next);
    const row = await hub.setIntent(created.accountId, agentId, next, 'manual', { deviceId: null, kind: 'server' });
    return { key: `${agentId}:${row.version}`, at: performance.now() };
  };
  const results: Record<string, unknown> = {};

  // 1. Throughput, one endpoint and sixteen: a burst of changes committed as fast as the store takes them.
  for (const endpoints of [1, 16]) {
    const r = await receiver();
    const ids: string[] = [];
    for (let i = 0; i < endpoints; i++) ids.push((await webhooks.store.createEndpoint(created.accountId, { url: r.url, events: ['agent.status.changed'], description: '', format: 'json', secret: 'whsec_bench' }, Date.now())).id);
    await webhooks.refreshAccounts();
    const n = quick ? 200 : 1000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await change(agents[i % agents.length]!);
    const committedMs = performance.now() - t0;
    await until(() => r.count >= n * endpoints, 300_000);
    const totalMs = performance.now() - t0;
    results[`throughput${endpoints}`] = { endpoints, events: n, deliveries: r.count, commitMs: Math.round(committedMs), totalMs: Math.round(totalMs), deliveriesPerSec: Math.round((r.count / totalMs) * 1000) };
    console.log(`webhooks: ${endpoints} endpoint(s): ${r.count} deliveries in ${Math.round(totalMs)} ms → ${Math.round((r.count / totalMs) * 1000)}/s (commits took ${Math.round(committedMs)} ms)`);
    for (const id of ids) await webhooks.store.deleteEndpoint(id);
    await webhooks.refreshAccounts();
    await r.close();
  }

  // 2. Latency: spaced changes, each timed from its commit to its delivery's arrival.
  const r = await receiver();
  await webhooks.store.createEndpoint(created.accountId, { url: r.url, events: ['agent.status.changed'], description: '', format: 'json', secret: 'whsec_bench' }, Date.now());
  await webhooks.refreshAccounts();
  const samples = quick ? 100 : 400;
  const commits = new Map<string, number>();
  for (let i = 0; i < samples; i++) {
    const c = await change(agents[i % agents.length]!);
    commits.set(c.key, c.at);
    await sleep(20);
  }
  await until(() => r.arrivals.size >= samples, 60_000);
  const lat = [...commits].map(([key, at]) => r.arrivals.get(key)! - at);
  results.latencyMs = percentiles(lat);
  const p = results.latencyMs as ReturnType<typeof percentiles>;
  console.log(`webhooks: change → first attempt at the receiver: p50 ${p.p50} ms, p99 ${p.p99} ms (n ${p.n}, spaced 20 ms)`);
  await r.close();
  await server.close();
  const file = writeResult(defaultResultsDir, 'webhooks', { params: { quick, agents: agents.length }, results }, started);
  console.log(`webhooks: → ${file}`);
}

await main();
