// Issue 19, finding 1: every revocation reaches open sockets. A password reset (by an admin, or an
// admin's own change), a token's expiry, and a logout made on another node while Redis was down
// all close the affected agent sockets (4401); none of their status.set frames is acknowledged.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/common/protocol.js';
import { hashToken, newToken } from '../../src/server/ids.js';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { settle } from '../helpers/manual-clock.js';
import { hasRedisBinary, privateRedis } from '../helpers/private-redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const closedWithin = (agent: RawAgent, ms: number): Promise<{ code: number; reason: string } | null> =>
  Promise.race([agent.closed, settle(ms).then(() => null)]);

describe('revocation closes open sockets (single node)', () => {
  let s: TestServer;
  afterEach(async () => { await s?.close(); });

  it('an admin resetting an agent password closes that agent sockets with 4401', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const socket = await connectAgent(s.wsUrl, alice.token);
    await socket.setStatus('online');
    const res = await s.api('PATCH', `/api/v1/agents/${alice.id}`, { token: s.admin.token, body: { password: 'a-new-password-2' } });
    expect(res.status).toBe(200);
    const closed = await closedWithin(socket, 3_000);
    expect(closed?.code).toBe(CloseCode.unauthorized);
    expect((await s.api('GET', '/api/v1/me', { token: alice.token })).status).toBe(401);
  });

  it('an admin changing their own password closes their own sockets', async () => {
    s = await startTestServer();
    const socket = await connectAgent(s.wsUrl, s.admin.token);
    const res = await s.api('PATCH', `/api/v1/agents/${s.admin.id}`, { token: s.admin.token, body: { password: 'a-new-password-2' } });
    expect(res.status).toBe(200);
    expect((await closedWithin(socket, 3_000))?.code).toBe(CloseCode.unauthorized);
  });

  it('a token that expires while its socket is open closes the socket at expiry', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const token = newToken();
    await s.server.store.createToken(hashToken(token), alice.id, Date.now() + 1_500);
    const socket = await connectAgent(s.wsUrl, token);
    await socket.setStatus('online');
    const closed = await closedWithin(socket, 5_000);
    expect(closed?.code).toBe(CloseCode.unauthorized);
  });
});

const redisServer = await privateRedis();
const available = hasRedisBinary && (await clusterServicesAvailable());
const startRedis = (): Promise<void> => redisServer.start();
const stopRedis = (): void => redisServer.stop();

describe.skipIf(!available)('revocation while Redis is down (cluster)', () => {
  let c: TestCluster | undefined;
  afterAll(async () => {
    await c?.close().catch(() => undefined);
    stopRedis();
  });

  it('a logout and a password reset on node B during the outage close the sockets on node A after the resync', async () => {
    await startRedis();
    c = await startTestCluster({ graceMs: 60_000, leaseTtlMs: 2_000, redisUrl: redisServer.url });
    const alice = await c.createAgent();
    const bob = await c.createAgent();
    const a0 = await connectAgent(c.node(0).wsUrl, alice.token);
    const b0 = await connectAgent(c.node(0).wsUrl, bob.token);
    await a0.setStatus('online');
    await b0.setStatus('online');

    stopRedis();
    await settle(500);
    const node1 = c.node(1).url;
    const logout = await fetch(`${node1}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } });
    expect(logout.status).toBe(204);
    const reset = await fetch(`${node1}/api/v1/agents/${bob.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${c.admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a-new-password-2' }) });
    expect(reset.status).toBe(200);
    await settle(500);
    await startRedis();

    const [ca, cb] = await Promise.all([closedWithin(a0, 10_000), closedWithin(b0, 10_000)]);
    expect(ca?.code).toBe(CloseCode.unauthorized);
    expect(cb?.code).toBe(CloseCode.unauthorized);
  });
});
