import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';
import { connected, realClient } from './client-harness.js';

let server: TestServer;
let proxy: TcpProxy;
beforeAll(async () => {
  server = await startTestServer({ graceMs: 60_000, heartbeatMs: 1_000 });
  proxy = await startTcpProxy(server.port);
});
afterAll(async () => { await proxy?.close(); await server?.close(); });

describe('SPEC 6 quit path: explicit offline reaches visitors at once, and never hangs', () => {
  it('goOfflineAndClose turns the widget offline over the socket', async () => {
    const agent = await server.createAgent();
    const client = realClient(server.url, agent.token);
    await client.start();
    await client.waitFor(connected, 5_000);
    await client.setStatus('online');
    const widget = await widgetSocket(server);
    await widget.next((m) => m.online);
    const t0 = performance.now();
    const offline = widget.next((m) => !m.online, 2_000).then(() => performance.now() - t0);
    const res = await client.goOfflineAndClose();
    const returnedMs = performance.now() - t0;
    const widgetMs = await offline;
    console.info(`[client] quit path: returned after ${returnedMs.toFixed(1)} ms (via ${res.via}), widget offline after ${widgetMs.toFixed(1)} ms`);
    expect(res.via).toBe('socket');
    expect(widgetMs).toBeLessThan(500);
    expect(client.getSnapshot().connection).toBe('closed');
    const me = await server.api('GET', '/api/v1/me', { token: agent.token });
    expect(me.body).toMatchObject({ intent: 'offline', devices: 0 });
    widget.close();
  });

  it('falls back to HTTP when the socket is black-holed but the server is reachable', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token);
    await client.start();
    await client.waitFor(connected, 5_000);
    await client.setStatus('online');
    const widget = await widgetSocket(server);
    await widget.next((m) => m.online);
    proxy.pause({ existingOnly: true });
    const t0 = performance.now();
    const res = await client.goOfflineAndClose({ timeoutMs: 1_000 });
    const ms = performance.now() - t0;
    console.info(`[client] quit path with a dead socket: via ${res.via} after ${ms.toFixed(0)} ms`);
    expect(res.via).toBe('http');
    await widget.next((m) => !m.online, 1_000);
    expect(ms).toBeLessThan(1_200);
    proxy.resume();
    widget.close();
  });

  it('returns within 1.2 s when the server is black-holed entirely', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token);
    await client.start();
    await client.waitFor(connected, 5_000);
    proxy.pause();
    const t0 = performance.now();
    const res = await client.goOfflineAndClose({ timeoutMs: 1_000 });
    const ms = performance.now() - t0;
    console.info(`[client] quit path black-holed: via ${res.via} after ${ms.toFixed(0)} ms`);
    expect(res.via).toBe('none');
    expect(ms).toBeLessThan(1_200);
    proxy.resume();
  });
});
