// Operational endpoints and response headers of SPEC 4.3 / issue 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

describe('health, readiness and metrics', () => {
  it('/healthz and /readyz answer ok with the store kind', async () => {
    expect((await s.api('GET', '/healthz')).body).toEqual({ ok: true });
    expect((await s.api('GET', '/readyz')).body).toEqual({ ok: true, store: 'sqlite' });
  });

  it('/metrics counts sockets by kind, agents by effective status and status changes', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    const text = (await s.api('GET', '/metrics')).body as string;
    expect(text).toMatch(/presence_sockets\{kind="widget"\} 1/);
    expect(text).toMatch(/presence_sockets\{kind="agent"\} 1/);
    expect(text).toMatch(/presence_agents\{status="online"\} 1/);
    expect(text).toMatch(/presence_status_changes_total\{status="online",reason="manual"\} 1/);
    expect(text).toMatch(/presence_fanout_seconds_count\{kind="widget"\} [1-9]/);
    await a.bye();
    w.close();
  });
});

describe('security headers', () => {
  it('API responses carry nosniff, no-referrer, frame denial and the dashboard CSP', async () => {
    const res = await fetch(`${s.url}/api/v1/me`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('unknown routes get a 404 error body, and other upgrade paths are refused', async () => {
    const res = await s.api('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${s.wsUrl}/ws/other`);
    await expect(new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); })).rejects.toThrow();
  });
});
