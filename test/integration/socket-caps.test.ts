// Issue 19, finding 4: one address could open widget sockets until the process ran out of file
// descriptors, and then every agent hello failed, silently. Now widget sockets per client address
// are capped (`maxSocketsPerIp`), widgets together never take the descriptors kept for agents and
// HTTP (`maxWidgetSockets`), and every refusal is an HTTP 429 at the upgrade, logged and counted.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { connectAgent } from '../helpers/agent-socket.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

function openWidget(s: TestServer, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; status: number }> {
  const ws = new WebSocket(`${s.wsUrl}/ws/widget?site=${s.siteKey}`, { headers });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_req, res) => { resolve({ ws, status: res.statusCode ?? 0 }); res.resume(); });
    ws.once('error', () => resolve({ ws, status: 0 }));
  });
}

describe('widget socket caps', () => {
  let s: TestServer;
  const open: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of open.splice(0)) ws.terminate();
    await s?.close();
  });

  it('past maxSocketsPerIp an address gets 429 at the upgrade, logged and counted; agents still connect', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }));
    s = await startTestServer({ maxSocketsPerIp: 5, logger });
    const results = [];
    for (let i = 0; i < 7; i++) {
      const r = await openWidget(s);
      open.push(r.ws);
      results.push(r.status);
    }
    expect(results).toEqual([101, 101, 101, 101, 101, 429, 429]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/presence_sockets_refused_total\{reason="per_ip"\} 2/);
    expect(lines.some((l) => l.includes('widget socket refused'))).toBe(true);
    const agent = await connectAgent(s.wsUrl, s.admin.token);
    await agent.bye();
    // A closed widget frees its place.
    open[0]!.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await openWidget(s);
    open.push(again.ws);
    expect(again.status).toBe(101);
  });

  it('widgets together stop at maxWidgetSockets (the descriptor reserve), agents still connect', async () => {
    s = await startTestServer({ maxWidgetSockets: 4, trustProxy: ['127.0.0.1'] });
    const results = [];
    for (let i = 0; i < 6; i++) {
      const r = await openWidget(s, { 'x-forwarded-for': `203.0.113.${i + 1}` });
      open.push(r.ws);
      results.push(r.status);
    }
    expect(results).toEqual([101, 101, 101, 101, 429, 429]);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/presence_sockets_refused_total\{reason="reserve"\} 2/);
    const agent = await connectAgent(s.wsUrl, s.admin.token);
    await agent.bye();
  });

  it('rejects a bad maxSocketsPerIp', async () => {
    await expect(startTestServer({ maxSocketsPerIp: 0 })).rejects.toThrow(/maxSocketsPerIp/);
  });
});
