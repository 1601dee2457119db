// Issue 19, finding 7: five wrong passwords used to lock the email for everybody, so anyone could
// lock an agent out. The lock is now per email and client address, with a slower cap per email
// over all addresses (LOGIN_LOCK); the cluster throttle in Redis keeps the same rules across nodes.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_LOCK } from '../../src/common/timings.js';
import { RedisLoginThrottle } from '../../src/server/cluster/redis-login-throttle.js';
import { cleanup, clusterServicesAvailable, REDIS_URL } from '../helpers/cluster.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const signIn = (s: TestServer, from: string, email: string, password: string) =>
  fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-forwarded-for': from, 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));

describe('sign-in lock per email and client address', () => {
  let s: TestServer;
  afterEach(async () => { await s?.close(); });

  it('a stranger on another address who fails 5 times locks only themselves out: the real agent still signs in', async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.1/32'] });
    const agent = await s.createAgent();
    for (let i = 0; i < LOGIN_LOCK.failures; i++) expect((await signIn(s, '203.0.113.66', agent.email, 'wrong-password')).status).toBe(401);
    const stranger = await signIn(s, '203.0.113.66', agent.email, agent.password);
    expect(stranger.status).toBe(429);
    expect(stranger.body.error?.code).toBe('account_locked');
    expect((await signIn(s, '198.51.100.20', agent.email, agent.password)).status).toBe(200);
  });

  it(`${LOGIN_LOCK.globalFailures} failures for one email from many addresses lock it everywhere (the slower global cap)`, async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.1/32'] });
    const agent = await s.createAgent();
    const addresses = LOGIN_LOCK.globalFailures / LOGIN_LOCK.failures;
    for (let a = 0; a < addresses; a++) {
      for (let i = 0; i < LOGIN_LOCK.failures; i++) expect((await signIn(s, `203.0.113.${a + 1}`, agent.email, 'wrong-password')).status).toBe(401);
    }
    const res = await signIn(s, '198.51.100.21', agent.email, agent.password);
    expect(res.status).toBe(429);
    expect(res.body.error?.code).toBe('account_locked');
  });
});

describe('the cluster sign-in throttle (Redis) keeps the same rules across nodes', () => {
  it('failures on two nodes lock the pair, not the email; the global cap counts every address', async () => {
    if (!(await clusterServicesAvailable())) return;
    const prefix = `test:login-${randomBytes(4).toString('hex')}:`;
    const redisA = new Redis(REDIS_URL);
    const redisB = new Redis(REDIS_URL);
    try {
      const nodeA = new RedisLoginThrottle(redisA, prefix);
      const nodeB = new RedisLoginThrottle(redisB, prefix);
      const now = Date.now();
      for (let i = 0; i < LOGIN_LOCK.failures; i++) await (i % 2 ? nodeA : nodeB).recordFailure('jana@x.example', '203.0.113.5', now);
      expect(await nodeA.lockedFor('jana@x.example', '203.0.113.5', now)).toBeGreaterThan(0);
      expect(await nodeB.lockedFor('jana@x.example', '203.0.113.5', now)).toBeGreaterThan(0);
      expect(await nodeB.lockedFor('jana@x.example', '198.51.100.5', now)).toBe(0);
      for (let i = LOGIN_LOCK.failures; i < LOGIN_LOCK.globalFailures; i++) await nodeA.recordFailure('jana@x.example', `203.0.113.${100 + (i % 40)}`, now);
      expect(await nodeB.lockedFor('jana@x.example', '198.51.100.5', now)).toBeGreaterThan(0);
      expect(await nodeB.lockedFor('petr@x.example', '198.51.100.5', now)).toBe(0);
    } finally {
      redisA.disconnect();
      redisB.disconnect();
      await cleanup(`t_unused_${randomBytes(2).toString('hex')}`, prefix);
    }
  });
});
