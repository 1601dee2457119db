// Issue 19, finding 2: behind a reverse proxy every visitor looked like the proxy, so one busy
// site exhausted the per-address limits for everybody. With `trustProxy` naming the proxy, each
// forwarded client has its own limits; without it (or from an untrusted hop) X-Forwarded-For is
// ignored, so a visitor cannot dodge a limit by inventing addresses.
import { afterEach, describe, expect, it } from 'vitest';
import { trustProxyFrom } from '../../src/server/http/client-address.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const get = (s: TestServer, forwardedFor: string): Promise<number> =>
  fetch(`${s.url}/api/v1/widget/${s.siteKey}/status`, { headers: { 'x-forwarded-for': forwardedFor } }).then(async (r) => { await r.arrayBuffer(); return r.status; });
let n = 0;
// A fresh email each time, so the per-email lockout (finding 7) stays out of this test.
const signIn = (s: TestServer, forwardedFor: string): Promise<number> =>
  fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor, 'content-type': 'application/json' }, body: JSON.stringify({ email: `nobody-${n++}@test.example`, password: 'wrong-password' }) })
    .then(async (r) => { await r.arrayBuffer(); return r.status; });

describe('per-address limits behind a trusted proxy', () => {
  let s: TestServer;
  afterEach(async () => { await s?.close(); });

  it('130 visitors through the proxy each get their own widget-status limit; one visitor past 120 gets 429', async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.0/8'] });
    const statuses = await Promise.all(Array.from({ length: 130 }, (_, i) => get(s, `203.0.113.${i + 1}`)));
    expect(statuses.filter((c) => c !== 200)).toEqual([]);
    const one: number[] = [];
    for (let i = 0; i < 121; i++) one.push(await get(s, '198.51.100.7'));
    expect(one.slice(0, 120).every((c) => c === 200)).toBe(true);
    expect(one[120]).toBe(429);
  });

  it('30 failed sign-ins from one forwarded visitor do not block another visitor', async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.1/32'] });
    for (let i = 0; i < 30; i++) expect(await signIn(s, '198.51.100.8')).toBe(401);
    expect(await signIn(s, '198.51.100.8')).toBe(429);
    expect(await signIn(s, '198.51.100.9')).toBe(401);
  });

  it('without trustProxy, invented X-Forwarded-For addresses share the real address limit', async () => {
    s = await startTestServer();
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push(await get(s, `203.0.113.${i + 1}`));
    expect(statuses[120]).toBe(429);
  });

  it('rejects a malformed CIDR with a clear error', () => {
    expect(() => trustProxyFrom(['10.0.0.0/33'])).toThrow(/not an IP address or CIDR/);
    expect(() => trustProxyFrom(['nginx'])).toThrow(/"nginx"/);
    expect(trustProxyFrom(['10.0.0.0/8'])!('::ffff:10.1.2.3')).toBe(true);
    expect(trustProxyFrom(['10.0.0.0/8'])!('11.0.0.1')).toBe(false);
  });
});
