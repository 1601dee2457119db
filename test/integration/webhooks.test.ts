// SPEC 10 webhooks on a real server (SQLite file) with real receivers on loopback: every delivery's
// signature is checked with the snippet from docs/webhooks.md, as written; failures are retried
// with the same event id; a hanging receiver is cut at 10 s; a killed server delivers after restart.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPresenceServer } from '../../src/server/app.js';
import { callApi } from '../helpers/http.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { selfSignedCert, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

type Verify = (secret: string, header: string, rawBody: string, toleranceSeconds?: number, now?: number) => boolean;
let verify: Verify;

beforeAll(async () => {
  // The verification snippet of docs/webhooks.md, taken out of the page and imported unchanged.
  const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
  const snippet = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
  expect(snippet.trim().split('\n').length).toBeLessThanOrEqual(10);
  const file = join(mkdtempSync(join(tmpdir(), 'presence-snippet-')), 'verify.mjs');
  writeFileSync(file, snippet);
  verify = ((await import(pathToFileURL(file).href)) as { verifyPresenceSignature: Verify }).verifyPresenceSignature;
});

let s: TestServer | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await s?.close();
  s = undefined;
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(opts: { tls?: boolean } = {}): Promise<Receiver> {
  const r = await startReceiver(opts);
  receivers.push(r);
  return r;
}

async function endpoint(t: TestServer, url: string, events: string[] = ['agent.status.changed'], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await t.api('POST', '/api/v1/webhooks', { token: t.admin.token, body: { url, events, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const setStatus = async (t: TestServer, status: string): Promise<void> => {
  const res = await t.api('PUT', '/api/v1/agents/me/status', { token: t.admin.token, body: { status } });
  expect(res.status).toBe(200);
};

async function attempts(t: TestServer, id: string, n: number): Promise<any[]> {
  for (let i = 0; i < 300; i++) {
    const res = await t.api('GET', `/api/v1/webhooks/${id}/deliveries`, { token: t.admin.token });
    if (res.body.attempts.length >= n) return res.body.attempts;
    await settle(100);
  }
  throw new Error(`fewer than ${n} attempts recorded`);
}

describe('SPEC 10: a delivery is a signed POST of the event', () => {
  it('https receiver with the snippet: headers, body, and a signature that verifies (and fails with another secret)', async () => {
    const r = await receiver({ tls: true });
    s = await startTestServer({ webhooksAllowPrivate: true, webhooks: { ca: selfSignedCert().cert } });
    const hook = await endpoint(s, r.url);
    expect(hook.secret).toMatch(/^whsec_/);
    const list = await s.api('GET', '/api/v1/webhooks', { token: s.admin.token });
    expect(list.body.webhooks).toHaveLength(1);
    expect(list.body.webhooks[0].secret).toBeUndefined();

    await setStatus(s, 'away');
    const [got] = await r.waitFor(1);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['presence-event']).toBe('agent.status.changed');
    expect(got!.headers['presence-delivery']).toMatch(/^dlv_/);
    expect(got!.json).toMatchObject({ type: 'agent.status.changed', accountId: s.accountId, data: { agentId: s.admin.id, intent: 'away', reason: 'manual', version: 1 } });
    expect(got!.json.id).toMatch(/^evt_/);
    const header = String(got!.headers['presence-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(hook.secret, header, got!.body)).toBe(true);
    expect(verify('whsec_wrong', header, got!.body)).toBe(false);
    expect(verify(hook.secret, header, got!.body.replace('away', 'online'))).toBe(false);
    const log = await attempts(s, hook.id, 1);
    expect(log[0]).toMatchObject({ eventId: got!.json.id, type: 'agent.status.changed', status: 200, error: null });
  });

  it('only subscribed types are sent; the test route sends webhook.test; slack format is {text} and signed', async () => {
    const r = await receiver();
    const slack = await receiver();
    s = await startTestServer({ webhooksAllowPrivate: true });
    const hook = await endpoint(s, r.url, ['chatBox.changed']);
    const sl = await endpoint(s, slack.url, ['agent.status.changed'], { format: 'slack' });
    const test = await s.api('POST', `/api/v1/webhooks/${hook.id}/test`, { token: s.admin.token });
    expect(test.status).toBe(202);
    const [t1] = await r.waitFor(1);
    expect(t1!.json).toMatchObject({ id: test.body.eventId, type: 'webhook.test', data: { endpointId: hook.id } });
    expect(verify(hook.secret, String(t1!.headers['presence-signature']), t1!.body)).toBe(true);

    await setStatus(s, 'away');
    const [m] = await slack.waitFor(1);
    expect(Object.keys(m!.json)).toEqual(['text']);
    expect(m!.json.text).toMatch(/is now offline|is now away/);
    expect(verify(sl.secret, String(m!.headers['presence-signature']), m!.body)).toBe(true);
    await settle(500);
    // The admin has no device: its intent changed, the chat box did not, so r got only the test.
    expect(r.received).toHaveLength(1);
  });
});

describe('SPEC 10: retries keep the event id; a hang is cut at 10 s', () => {
  it('a receiver answering 500 then 200 gets the same event id twice, the first retry within 30 s', async () => {
    const r = await receiver();
    r.script(500);
    const clock = new ManualClock(Date.now());
    s = await startTestServer({ webhooksAllowPrivate: true, clock });
    const hook = await endpoint(s, r.url);
    await setStatus(s, 'away');
    await r.waitFor(1);
    const first = await attempts(s, hook.id, 1);
    expect(first[0]).toMatchObject({ status: 500 });
    clock.advance(29_999);
    const [a, b] = await r.waitFor(2);
    expect(b!.json.id).toBe(a!.json.id);
    expect(b!.headers['presence-delivery']).toBe(a!.headers['presence-delivery']);
    expect(verify(hook.secret, String(b!.headers['presence-signature']), b!.body, 300, clock.now())).toBe(true);
    const log = await attempts(s, hook.id, 2);
    expect(log.map((x) => x.status)).toEqual([200, 500]);
  });

  it('a receiver that never answers is cut at 10 s and the attempt says so', async () => {
    const r = await receiver();
    r.script('hang');
    s = await startTestServer({ webhooksAllowPrivate: true });
    const hook = await endpoint(s, r.url);
    await setStatus(s, 'away');
    await r.waitFor(1);
    const [cut] = await attempts(s, hook.id, 1);
    expect(cut).toMatchObject({ status: null });
    expect(cut.error).toMatch(/timeout: no answer within 10 s/);
    expect(cut.durationMs).toBeGreaterThanOrEqual(9_900);
  }, 60_000);

  it('an endpoint failing for 24 h is disabled; enabling it again sends what waited', async () => {
    const r = await receiver();
    r.fallback = 503;
    const clock = new ManualClock(Date.now());
    s = await startTestServer({ webhooksAllowPrivate: true, clock });
    const hook = await endpoint(s, r.url);
    await setStatus(s, 'away');
    let seen = 1;
    await attempts(s, hook.id, 1);
    const start = clock.now();
    while (clock.now() - start < 25 * 3_600_000) {
      clock.advance(6 * 3_600_000 + 1_000);
      const view = (await s.api('GET', '/api/v1/webhooks', { token: s.admin.token })).body.webhooks[0];
      if (!view.enabled) break;
      seen += 1;
      await attempts(s, hook.id, seen);
    }
    const view = (await s.api('GET', '/api/v1/webhooks', { token: s.admin.token })).body.webhooks[0];
    expect(view).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect(seen).toBeGreaterThanOrEqual(5);
    const before = r.received.length;
    r.fallback = 200;
    const patched = await s.api('PATCH', `/api/v1/webhooks/${hook.id}`, { token: s.admin.token, body: { enabled: true } });
    expect(patched.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const all = await r.waitFor(before + 1);
    expect(all.at(-1)!.json.id).toBe(all[0]!.json.id);
  }, 120_000);
});

describe('SPEC 10: pending deliveries are durable', () => {
  it('a server killed mid-delivery sends the same event after it starts again', async () => {
    const r = await receiver();
    r.script('hang');
    s = await startTestServer({ webhooksAllowPrivate: true });
    await endpoint(s, r.url);
    await setStatus(s, 'away');
    const [first] = await r.waitFor(1);
    await s.server.crash();
    const again = await startPresenceServer({ logger: pino({ level: 'silent' }), dataDir: s.dataDir, host: '127.0.0.1', port: 0, webhooksAllowPrivate: true });
    try {
      const [, second] = await r.waitFor(2);
      expect(second!.json.id).toBe(first!.json.id);
    } finally {
      await again.close();
      s = undefined;
    }
  });
});

describe('SPEC 10: endpoints are the account\'s own, and bad input changes nothing', () => {
  it('another account\'s admin gets 404; an agent gets 403; a bad body names the field', async () => {
    s = await startTestServer({ webhooksAllowPrivate: true });
    const r = await receiver();
    const hook = await endpoint(s, r.url);
    const other = await s.createAccount();
    for (const [method, path] of [['PATCH', `/api/v1/webhooks/${hook.id}`], ['DELETE', `/api/v1/webhooks/${hook.id}`], ['POST', `/api/v1/webhooks/${hook.id}/test`], ['GET', `/api/v1/webhooks/${hook.id}/deliveries`]] as const) {
      const res = await s.api(method, path, { token: other.admin.token, ...(method === 'PATCH' ? { body: { enabled: false } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const agent = await s.createAgent();
    expect((await s.api('GET', '/api/v1/webhooks', { token: agent.token })).status).toBe(403);
    const bad = await s.api('POST', '/api/v1/webhooks', { token: s.admin.token, body: { url: r.url, events: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('events[0]');
    const list = await s.api('GET', '/api/v1/webhooks', { token: s.admin.token });
    expect(list.body.webhooks).toHaveLength(1);
    expect((await s.api('DELETE', `/api/v1/webhooks/${hook.id}`, { token: s.admin.token })).status).toBe(204);
    expect((await s.api('GET', '/api/v1/webhooks', { token: s.admin.token })).body.webhooks).toEqual([]);
  });

  it('without --webhooks-allow-private: http, loopback and private URLs are refused with 400 on url', async () => {
    s = await startTestServer();
    for (const url of ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://10.1.2.3/x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://localhost:8443/x', 'ftp://x.example.com/']) {
      const res = await callApi(s.url, 'POST', '/api/v1/webhooks', { token: s.admin.token, body: { url, events: ['chatBox.changed'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details, url).toEqual([{ path: 'url', message: expect.any(String) }]);
    }
    expect((await s.api('GET', '/api/v1/webhooks', { token: s.admin.token })).body.webhooks).toEqual([]);
  });
});
