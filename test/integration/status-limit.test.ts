// Issue 19, finding 3 (and the "status.set after bye" item of finding 8): the status limit of
// SPEC 4.1 (20 changes per 10 s) is one per agent, across all its sockets and the HTTP route, so
// more sockets or a reconnect do not buy more changes; a status.set after bye is refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/common/protocol.js';
import { connectAgent } from '../helpers/agent-socket.js';
import { settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const answers = (messages: ServerMessage[]) => ({
  acks: messages.filter((m) => m.type === 'ack').length,
  limited: messages.filter((m) => m.type === 'error' && m.code === 'rate_limited').length,
});

describe('one status limit per agent', () => {
  let s: TestServer;
  afterEach(async () => { await s?.close(); });

  it('three sockets of one agent get at most 20 acks in 10 s between them', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const sockets = await Promise.all([0, 1, 2].map(() => connectAgent(s.wsUrl, alice.token)));
    let seq = 1000;
    for (let i = 0; i < 10; i++) for (const socket of sockets) socket.send({ type: 'status.set', status: i % 2 ? 'online' : 'away', reason: 'manual', seq: seq++ });
    await settle(1_500);
    const total = sockets.map((x) => answers(x.messages)).reduce((a, b) => ({ acks: a.acks + b.acks, limited: a.limited + b.limited }));
    expect(total.acks).toBe(20);
    expect(total.limited).toBeGreaterThan(0);
    for (const x of sockets) x.ws.terminate();
  });

  it('the HTTP route shares the limit: 20 changes on a socket, then PUT /agents/me/status is 429 with Retry-After', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const socket = await connectAgent(s.wsUrl, alice.token);
    for (let i = 0; i < 20; i++) await socket.setStatus(i % 2 ? 'online' : 'away');
    const res = await fetch(`${s.url}/api/v1/agents/me/status`, { method: 'PUT', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'offline' }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await s.api('GET', '/api/v1/me', { token: alice.token })).body.intent).toBe('online');
    await socket.bye();
  });

  it('HTTP alone: the 21st PUT /agents/me/status within 10 s is refused and changes nothing', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await s.api('PUT', '/api/v1/agents/me/status', { token: alice.token, body: { status: i % 2 ? 'online' : 'away' } })).status);
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    expect(codes[20]).toBe(429);
    expect((await s.api('GET', '/api/v1/me', { token: alice.token })).body.intent).toBe('online');
  });

  it('a status.set after bye is refused, not acknowledged', async () => {
    s = await startTestServer();
    const alice = await s.createAgent();
    const socket = await connectAgent(s.wsUrl, alice.token);
    await socket.setStatus('online');
    socket.send({ type: 'bye' });
    socket.send({ type: 'status.set', status: 'away', reason: 'manual', seq: 77 });
    await settle(500);
    expect(socket.messages.some((m) => m.type === 'ack' && m.seq === 77)).toBe(false);
    expect(socket.messages.some((m) => m.type === 'error' && m.seq === 77)).toBe(true);
    expect((await s.api('GET', '/api/v1/me', { token: alice.token })).body.intent).toBe('online');
    socket.ws.terminate();
  });
});
