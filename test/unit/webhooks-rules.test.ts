// SPEC 10 rules without a server: where a webhook may go (each refused address class, a name that
// resolves into one, a redirect), the retry schedule, and the signature.
import { afterEach, describe, expect, it } from 'vitest';
import { TIMINGS } from '../../src/common/timings.js';
import { webhookRetryDelay, webhookShouldDisable } from '../../src/common/webhook-retry.js';
import { checkUrl, refusedClass } from '../../src/server/webhooks/address-policy.js';
import { WebhookSender } from '../../src/server/webhooks/sender.js';
import { signatureHeader, verifySignature } from '../../src/server/webhooks/signature.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const receivers: Receiver[] = [];
afterEach(async () => { for (const r of receivers.splice(0)) await r.close(); });

describe('SPEC 10 SSRF: refused address classes (after resolution)', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.5.4', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['::ffff:192.168.0.10', 'private'],
    ['fc00::1', 'ula'], ['fd12:3456::1', 'ula'], ['fd00:ec2::254', 'ula'],
    ['169.254.10.20', 'link-local'], ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'],
    ['100.64.0.1', 'cgnat'], ['100.127.255.254', 'cgnat'],
    ['224.0.0.251', 'multicast'], ['239.1.2.3', 'multicast'], ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'],
  ];
  for (const [address, klass] of cases) it(`${address} is ${klass}`, () => expect(refusedClass(address)).toBe(klass));

  it('public addresses pass', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) expect(refusedClass(a), a).toBeNull();
  });

  it('URLs: https only; addresses and localhost in the URL are refused before any lookup; --webhooks-allow-private lifts it', () => {
    expect(checkUrl('https://hooks.example.com/x', false)).toEqual({ ok: true });
    expect(checkUrl('http://hooks.example.com/x', false).ok).toBe(false);
    expect(checkUrl('https://127.0.0.1:8443/x', false).reason).toMatch(/loopback/);
    expect(checkUrl('https://[::ffff:10.0.0.1]/x', false).reason).toMatch(/private/);
    expect(checkUrl('https://api.localhost/x', false).ok).toBe(false);
    expect(checkUrl('https://user:pw@hooks.example.com/', false).ok).toBe(false);
    expect(checkUrl('not a url', false).ok).toBe(false);
    expect(checkUrl('http://127.0.0.1:9/x', true)).toEqual({ ok: true });
    expect(checkUrl('ftp://127.0.0.1/x', true).ok).toBe(false);
  });
});

describe('SPEC 10 SSRF: the sender checks what the name resolves to, and connects to exactly that', () => {
  it('a name that resolves to loopback is refused and nothing is sent', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const port = new URL(r.url).port;
    const sender = new WebhookSender({ allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const res = await sender.post(`https://hooks.example.test:${port}/hook`, '{}', {});
    expect(res).toMatchObject({ status: null });
    expect(res.error).toMatch(/hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(r.received).toHaveLength(0);
  });

  it('one refused address among several refuses the name (no picking the public one and hoping)', async () => {
    const sender = new WebhookSender({ allowPrivate: false, resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] });
    const res = await sender.post('https://mixed.example.test/hook', '{}', {});
    expect(res.error).toMatch(/10\.0\.0\.7, a private address/);
  });

  it('the real resolver: localhost is refused without --webhooks-allow-private', async () => {
    const sender = new WebhookSender({ allowPrivate: false });
    expect((await sender.post('https://localhost:9/hook', '{}', {})).error).toMatch(/refused/);
  });

  it('the connection goes to the resolved address, whatever the name (pinned lookup), and the Host header keeps the name', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const port = new URL(r.url).port;
    let lookups = 0;
    const sender = new WebhookSender({ allowPrivate: true, resolve: async () => { lookups += 1; return [{ address: '127.0.0.1', family: 4 }]; } });
    const res = await sender.post(`http://receiver.example.test:${port}/hook`, '{"a":1}', { 'content-type': 'application/json' });
    expect(res).toMatchObject({ status: 200, error: null });
    expect(lookups).toBe(1);
    expect(r.received[0]!.headers.host).toBe(`receiver.example.test:${port}`);
    expect(r.received[0]!.body).toBe('{"a":1}');
  });

  it('a redirect to a private address is not followed: the attempt fails with the 3xx, the target gets nothing', async () => {
    const target = await startReceiver();
    const r = await startReceiver();
    receivers.push(target, r);
    r.script({ status: 302, headers: { location: target.url } });
    const sender = new WebhookSender({ allowPrivate: true });
    const res = await sender.post(r.url, '{}', {});
    expect(res.status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.received).toHaveLength(0);
  });
});

describe('SPEC 10 retries: exponential backoff with jitter', () => {
  it('the first retry comes within 30 s, whatever the jitter', () => {
    for (const random of [0, 0.5, 0.999999]) expect(webhookRetryDelay(1, random)).toBeLessThan(30_000);
    expect(webhookRetryDelay(1, 0)).toBeGreaterThanOrEqual(TIMINGS.webhookRetryBaseMs / 2);
  });

  it('at least 8 attempts before the endpoint is disabled after 24 h, even with the longest waits', () => {
    for (const random of [0, 0.999999]) {
      let t = 0;
      let attempts = 1;
      for (let retry = 1; t + webhookRetryDelay(retry, random) < TIMINGS.webhookDisableAfterMs; retry++) {
        t += webhookRetryDelay(retry, random);
        attempts += 1;
      }
      expect(attempts, `random ${random}`).toBeGreaterThanOrEqual(8);
    }
  });

  it('delays grow and stop at the cap', () => {
    const d = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => webhookRetryDelay(n, 0.999999));
    for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThanOrEqual(d[i - 1]!);
    expect(d.at(-1)).toBeLessThanOrEqual(TIMINGS.webhookRetryCapMs);
  });

  it('an endpoint is disabled once it has failed for 24 h, not before', () => {
    expect(webhookShouldDisable(null, 10 ** 12)).toBe(false);
    expect(webhookShouldDisable(0, TIMINGS.webhookDisableAfterMs - 1)).toBe(false);
    expect(webhookShouldDisable(0, TIMINGS.webhookDisableAfterMs)).toBe(true);
  });
});

describe('SPEC 10 signature: t=…,v1=HMAC-SHA256(secret, t.rawBody)', () => {
  it('matches an independently computed value and verifies only with the same secret, body and a fresh t', () => {
    const header = signatureHeader('whsec_test', 1_764_666_902, '{"id":"evt_1"}');
    // printf '%s' '1764666902.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe('t=1764666902,v1=86a621853f740022bd104360bbcf9f0692cfb9337f1ce62c1c58181cb287a597');
    expect(verifySignature('whsec_test', header, '{"id":"evt_1"}', 1_764_666_902)).toBe(true);
    expect(verifySignature('whsec_other', header, '{"id":"evt_1"}', 1_764_666_902)).toBe(false);
    expect(verifySignature('whsec_test', header, '{"id":"evt_2"}', 1_764_666_902)).toBe(false);
    expect(verifySignature('whsec_test', header, '{"id":"evt_1"}', 1_764_666_902 + 301)).toBe(false);
  });
});
