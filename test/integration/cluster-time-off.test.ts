// Issue 18 / SPEC 11 in a cluster (PostgreSQL + Redis, two nodes in one process, one injected
// clock): time off written through node A reaches node B through the bus and the store, and node
// B then refuses an automatic online for that agent (409 on_leave over HTTP, `error` on_leave on
// its socket) and changes nothing, while a manual online still works there. Before the leave the
// same automatic online on node B is accepted, so the refusal is the leave's.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { callApi } from '../helpers/http.js';
import { ManualClock } from '../helpers/manual-clock.js';

const available = await clusterServicesAvailable();
let seq = 60_000;

function statusSet(a: RawAgent, status: 'online' | 'away' | 'offline', reason: string): Promise<{ type: string; code?: string; version?: number }> {
  const n = seq++;
  a.send({ type: 'status.set', status, reason, seq: n });
  return Promise.race([a.next('ack', (m) => m.seq === n), a.next('error', (m) => m.seq === n)]);
}

describe.skipIf(!available)('cluster: time off', () => {
  let c: TestCluster;
  afterEach(async () => { await c?.close(); });

  it('time off written on node A makes node B refuse an automatic online (409 on_leave)', async () => {
    // The clock is Wednesday 2026-11-25 10:00 UTC; no office hours, so the account's zone is UTC.
    const clock = new ManualClock();
    c = await startTestCluster({ clock, graceMs: 60_000 });
    const agent = await c.createAgent({ name: 'Leave Lars' });
    const A = c.node(0).url;
    const B = c.node(1).url;
    const me = async (url: string): Promise<{ intent: string; version: number; leaveUntil: string | null }> => (await callApi(url, 'GET', '/api/v1/me', { token: agent.token })).body;

    // Control: without leave, node B lets "follow office hours" put the agent online.
    expect((await callApi(B, 'PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online', reason: 'schedule' } })).status).toBe(200);
    expect((await callApi(B, 'PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'offline' } })).status).toBe(200);

    const leave = { periods: [{ from: '2026-11-24', to: '2026-11-27', note: 'Trip' }] };
    const put = await callApi(A, 'PUT', `/api/v1/agents/${agent.id}/time-off`, { token: c.admin.token, body: leave });
    expect(put.body).toMatchObject({ ...leave, timezone: 'UTC', leaveUntil: '2026-11-27' });
    // Node B has reloaded the agent once its own view says so (propagation is asynchronous).
    await expect.poll(async () => (await me(B)).leaveUntil, { timeout: 10_000 }).toBe('2026-11-27');
    const before = await me(A);
    expect(before.intent).toBe('offline');

    const http = await callApi(B, 'PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online', reason: 'schedule' } });
    expect(http.status).toBe(409);
    expect(http.body.error.code).toBe('on_leave');
    const device = await connectAgent(c.node(1).wsUrl, agent.token);
    for (const reason of ['schedule', 'lock', 'idle']) expect(await statusSet(device, 'online', reason), reason).toMatchObject({ type: 'error', code: 'on_leave' });
    // Nothing changed, as either node sees it.
    for (const url of [A, B]) expect(await me(url)).toMatchObject({ intent: 'offline', version: before.version, leaveUntil: '2026-11-27' });

    // A manual choice on node B still works.
    expect(await statusSet(device, 'online', 'manual')).toMatchObject({ type: 'ack', version: before.version + 1 });
    await expect.poll(async () => (await me(A)).intent, { timeout: 10_000 }).toBe('online');
    await device.bye();
  });
});
