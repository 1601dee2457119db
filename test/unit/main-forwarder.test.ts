// SPEC 6 "The settings window reaches the backend": the app:// handler's forwarding of the
// window's API calls, against a real HTTP server on loopback that records what it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardApiRequest } from '../../src/main/api-forwarder.js';

let server: Server;
let url = '';
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += String(d); });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/api/v1/redirect') { res.writeHead(302, { location: 'https://elsewhere.example/' }).end(); return; }
      res.writeHead(req.url === '/api/v1/missing' ? 404 : 200, { 'content-type': 'application/json', 'set-cookie': 'a=b' });
      res.end(JSON.stringify(req.url === '/api/v1/missing' ? { error: { code: 'not_found', message: 'nope' } } : { ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ORIGIN = 'app://renderer';
const req = (path: string, init: RequestInit = {}) => new Request(`${ORIGIN}${path}`, init);

describe('SPEC 6: the window\'s API calls go through main with main\'s token', () => {
  it('forwards method, path, query and body to the server in use, adding the bearer token', async () => {
    const res = await forwardApiRequest(req('/api/v1/groups?x=1', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, authorization: 'Bearer page-token' }, body: '{"name":"Sales"}' }), ORIGIN, { serverUrl: `${url}/`, token: 'main-token' }, fetch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/api/v1/groups?x=1', body: '{"name":"Sales"}' });
    expect(last.headers.authorization).toBe('Bearer main-token');
    expect(last.headers.origin).toBeUndefined();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('keeps the server\'s error status and body for the renderer', async () => {
    const res = await forwardApiRequest(req('/api/v1/missing'), ORIGIN, { serverUrl: url, token: 't' }, fetch);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'nope' } });
  });

  it('refuses other origins, answers 401 signed out, 502 when the server is unreachable, and never follows a redirect', async () => {
    expect((await forwardApiRequest(req('/api/v1/me', { headers: { origin: 'https://evil.example' } }), ORIGIN, { serverUrl: url, token: 't' }, fetch)).status).toBe(403);
    expect((await forwardApiRequest(req('/api/v1/me'), ORIGIN, null, fetch)).status).toBe(401);
    const down = await forwardApiRequest(req('/api/v1/me'), ORIGIN, { serverUrl: 'http://127.0.0.1:1', token: 't' }, fetch);
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ error: { code: 'network', message: expect.stringMatching(/^Cannot reach http:\/\/127\.0\.0\.1:1: /) } });
    expect((await forwardApiRequest(req('/api/v1/redirect'), ORIGIN, { serverUrl: url, token: 't' }, fetch)).status).toBe(502);
  });
});
