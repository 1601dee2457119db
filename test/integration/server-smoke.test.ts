import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

describe('smoke', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ graceMs: 500 }); });
  afterAll(async () => { await s.close(); });

  it('agent online turns the widget online', async () => {
    const w = await widgetSocket(s);
    expect((await w.next()).online).toBe(false);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    const ack = await a.setStatus('online');
    expect(ack.version).toBe(1);
    expect((await w.next((m) => m.online)).reason).toBe('agents_online');
    await a.bye();
    expect((await w.next((m) => !m.online)).reason).toBe('no_agents_online');
    w.close();
  });
});
