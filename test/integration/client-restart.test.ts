import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connected, isMonotonic, realClient, recordVersions } from './client-harness.js';

let server: TestServer;
let proxy: TcpProxy;
beforeAll(async () => {
  server = await startTestServer({ graceMs: 10_000, heartbeatMs: 1_000 });
  proxy = await startTcpProxy(server.port);
});
afterAll(async () => { await proxy?.close(); await server?.close(); });

async function versionOf(token: string): Promise<{ intent: string; version: number }> {
  const res = await server.api('GET', '/api/v1/me', { token });
  return res.body as { intent: string; version: number };
}

describe('Issue 5: after a server restart the client resumes', () => {
  it('reconnects on its own after 1001 and keeps the status', async () => {
    const agent = await server.createAgent();
    const client = realClient(server.url, agent.token);
    const versions = recordVersions(client);
    await client.start();
    await client.waitFor(connected, 5_000);
    await client.setStatus('online');
    const restarting = server.restart();
    await client.waitFor((s) => s.connection === 'reconnecting', 5_000);
    expect(client.getSnapshot().lastError?.code).toBe('going_away');
    await restarting;
    const up = performance.now();
    const snap = await client.waitFor(connected, 10_000);
    const ms = performance.now() - up;
    console.info(`[client] reconnected ${Math.round(ms)} ms after the server was back (1001 spread 0–2 s)`);
    expect(ms).toBeLessThan(2_600);
    expect(snap.status?.status).toBe('online');
    expect(isMonotonic(versions)).toBe(true);
    await client.signOffThisDevice();
  });

  it('an unacknowledged setStatus that never reached the server is applied exactly once', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token);
    await client.start();
    await client.waitFor(connected, 5_000);
    const before = await versionOf(agent.token);
    proxy.pause({ direction: 'up', existingOnly: true }); // the set never leaves
    const pending = client.setStatus('away');
    // The held socket would keep the server's graceful close waiting for a close handshake.
    const restarting = server.restart();
    proxy.cut();
    await restarting;
    await expect(pending).resolves.toEqual({ version: before.version + 1 });
    expect(await versionOf(agent.token)).toMatchObject({ intent: 'away', version: before.version + 1 });
    await client.signOffThisDevice();
  });

  it('a setStatus whose ack was lost in the restart is not applied a second time', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token);
    await client.start();
    await client.waitFor(connected, 5_000);
    const before = await versionOf(agent.token);
    proxy.pause({ direction: 'down', existingOnly: true }); // the set arrives, the ack is lost
    const pending = client.setStatus('away');
    for (let i = 0; i < 50 && (await versionOf(agent.token)).version === before.version; i++) await new Promise((r) => setTimeout(r, 20));
    // The held socket would keep the server's graceful close waiting for a close handshake.
    const restarting = server.restart();
    proxy.cut();
    await restarting;
    await expect(pending).resolves.toEqual({ version: before.version + 1 });
    await client.waitFor(connected, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await versionOf(agent.token)).toMatchObject({ intent: 'away', version: before.version + 1 });
    await client.signOffThisDevice();
  });
});
