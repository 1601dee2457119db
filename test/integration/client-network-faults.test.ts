import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';
import { connected, realClient } from './client-harness.js';

let server: TestServer;
let proxy: TcpProxy;
// A short heartbeat and silence margin keep the test fast; the rule is the same as in production
// (reconnect after heartbeatMs + margin of silence; SPEC's margin is 10 s).
const HEARTBEAT_MS = 500;
const MARGIN_MS = 1_000;

beforeAll(async () => {
  server = await startTestServer({ graceMs: 8_000, heartbeatMs: HEARTBEAT_MS });
  proxy = await startTcpProxy(server.port);
});
afterAll(async () => { await proxy?.close(); await server?.close(); });

describe('SPEC 4.1.5: a client that hears nothing for heartbeatMs + margin reconnects', () => {
  it('detects a black-holed connection, reconnects, and the widget sees no flap inside the grace window', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token, { silenceMarginMs: MARGIN_MS });
    await client.start();
    await client.waitFor(connected, 5_000);
    await client.setStatus('online');
    const widget = await widgetSocket(server);
    expect(widget.messages.at(-1)?.online).toBe(true);

    const t0 = performance.now();
    proxy.pause({ existingOnly: true });
    await client.waitFor((s) => s.connection === 'reconnecting', 5_000);
    const detectMs = performance.now() - t0;
    await client.waitFor(connected, 5_000);
    const recoverMs = performance.now() - t0;
    expect(detectMs).toBeGreaterThanOrEqual(HEARTBEAT_MS + MARGIN_MS - 100);
    expect(detectMs).toBeLessThan(HEARTBEAT_MS + MARGIN_MS + 1_000);
    console.info(`[client] silence detected after ${Math.round(detectMs)} ms, reconnected after ${Math.round(recoverMs)} ms`);

    // Past the server's own dead-peer detection (heartbeat + 10 s pong timeout would be longer than
    // the test; the replacement connection already took over the device).
    await new Promise((r) => setTimeout(r, 1_500));
    expect(widget.messages.every((m) => m.online)).toBe(true);
    expect(client.getSnapshot().status?.effective).toBe('online');
    proxy.resume();
    widget.close();
    await client.signOffThisDevice();
  });

  it('reconnects after a cut connection, with no flap on the widget', async () => {
    const agent = await server.createAgent();
    const client = realClient(proxy.url, agent.token, { silenceMarginMs: MARGIN_MS });
    await client.start();
    await client.waitFor(connected, 5_000);
    await client.setStatus('online');
    const widget = await widgetSocket(server);
    const t0 = performance.now();
    proxy.cut();
    await client.waitFor((s) => s.connection === 'reconnecting', 2_000);
    await client.waitFor(connected, 5_000);
    console.info(`[client] reconnected ${Math.round(performance.now() - t0)} ms after a cut`);
    await new Promise((r) => setTimeout(r, 300));
    expect(widget.messages.every((m) => m.online)).toBe(true);
    widget.close();
    await client.signOffThisDevice();
  });
});
