// SPEC 8: every bad input gets the specified error or close code and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, openAgentSocket } from '../helpers/agent-socket.js';
import { settle } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

const closeOf = (ws: import('ws').WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

async function versionOf(token: string): Promise<number> {
  return (await s.api('GET', '/api/v1/me', { token })).body.version;
}

describe('agent socket before hello', () => {
  it('malformed JSON closes with 4400', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = closeOf(ws);
    ws.send('{not json');
    expect(await closed).toBe(4400);
  });

  it('a first frame that is not hello closes with 4400', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = closeOf(ws);
    ws.send(JSON.stringify({ type: 'status.set', status: 'online', reason: 'manual', seq: 1 }));
    expect(await closed).toBe(4400);
  });

  it('a wrong token closes with 4401', async () => {
    await expect(connectAgent(s.wsUrl, 'ap_wrong')).rejects.toMatchObject({ code: 4401 });
  });

  it('a revoked token closes with 4401, and logout signs out the sockets using it', async () => {
    const agent = await s.createAgent();
    const dev = await connectAgent(s.wsUrl, agent.token);
    expect((await s.api('POST', '/api/v1/auth/logout', { token: agent.token })).status).toBe(204);
    expect((await dev.closed).code).toBe(4401);
    await expect(connectAgent(s.wsUrl, agent.token)).rejects.toMatchObject({ code: 4401 });
    expect((await s.api('GET', '/api/v1/me', { token: agent.token })).status).toBe(401);
  });

  it('an unsupported protocol version closes with 4400', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = new Promise<string>((resolve) => ws.on('close', (_c, r) => resolve(String(r))));
    ws.send(JSON.stringify({ type: 'hello', token: s.admin.token, device: { id: 'device-0001', kind: 'cli' }, protocol: 2 }));
    expect(await closed).toMatch(/unsupported protocol/);
  });

  it('no hello within 5 s closes with 4408', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    expect(await closeOf(ws)).toBe(4408);
  }, 10_000);

  it('a frame over 16 KiB closes with 1009', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = closeOf(ws);
    ws.send('x'.repeat(16 * 1024 + 1));
    expect(await closed).toBe(1009);
  });
});

describe('agent socket after hello', () => {
  it('extra fields on status.set are answered with a validation error and change nothing', async () => {
    const agent = await s.createAgent();
    const dev = await connectAgent(s.wsUrl, agent.token);
    const before = await versionOf(agent.token);
    dev.send({ type: 'status.set', status: 'online', reason: 'manual', seq: 7, extra: true });
    expect(await dev.next('error', (m) => m.seq === 7)).toMatchObject({ code: 'validation_failed' });
    dev.send({ type: 'status.set', status: 'busy', reason: 'manual', seq: 8 });
    expect(await dev.next('error', (m) => m.seq === 8)).toMatchObject({ code: 'validation_failed' });
    expect(await versionOf(agent.token)).toBe(before);
    await dev.bye();
  });

  it('an unknown type closes with 4400', async () => {
    const dev = await connectAgent(s.wsUrl, s.admin.token);
    dev.send({ type: 'status.get' });
    expect((await dev.closed).code).toBe(4400);
  });

  it('binary frames close with 4400', async () => {
    const dev = await connectAgent(s.wsUrl, s.admin.token);
    dev.ws.send(Buffer.from([1, 2, 3]));
    expect((await dev.closed).code).toBe(4400);
  });

  it('app-level ping gets a pong with the same id', async () => {
    const dev = await connectAgent(s.wsUrl, s.admin.token);
    dev.send({ type: 'ping', id: 42 });
    expect(await dev.next('pong')).toEqual({ type: 'pong', id: 42 });
    await dev.bye();
  });

  it('more than 20 status.set in 10 s: an error, then 4429; acknowledged ones are kept', async () => {
    const agent = await s.createAgent();
    const dev = await connectAgent(s.wsUrl, agent.token);
    const before = await versionOf(agent.token);
    for (let i = 0; i < 25; i++) dev.send({ type: 'status.set', status: i % 2 ? 'online' : 'away', reason: 'manual', seq: i });
    expect((await dev.closed).code).toBe(4429);
    const acks = dev.messages.filter((m) => m.type === 'ack');
    expect(acks).toHaveLength(20);
    expect(dev.messages.some((m) => m.type === 'error' && m.code === 'rate_limited')).toBe(true);
    await settle();
    expect(await versionOf(agent.token)).toBe(before + 20);
  });
});

describe('HTTP bad input', () => {
  it('missing or wrong tokens get 401, agents on admin routes 403', async () => {
    expect((await s.api('GET', '/api/v1/me')).status).toBe(401);
    expect((await s.api('GET', '/api/v1/me', { token: 'nope' })).status).toBe(401);
    const agent = await s.createAgent();
    for (const [method, path, body] of [
      ['GET', '/api/v1/agents'], ['POST', '/api/v1/agents', { email: 'x@y.z', name: 'x', password: 'password1' }],
      ['POST', '/api/v1/groups', { name: 'x' }], ['PATCH', '/api/v1/account', { name: 'x' }], ['PUT', `/api/v1/agents/${s.admin.id}/status`, { status: 'offline' }],
    ] as const) {
      const res = await s.api(method, path, { token: agent.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('invalid bodies get 400 with the fields named, and change nothing', async () => {
    const res = await s.api('POST', '/api/v1/agents', { token: s.admin.token, body: { email: 'not-an-email', name: '', password: 'short', extra: 1 } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'name', 'password']));
    const list = await s.api('GET', '/api/v1/agents', { token: s.admin.token });
    expect(list.body.agents.some((a: { email: string }) => a.email === 'not-an-email')).toBe(false);
    const status = await s.api('PUT', '/api/v1/agents/me/status', { token: s.admin.token, body: { status: 'busy' } });
    expect(status.status).toBe(400);
  });

  it('malformed JSON gets 400 and an oversized body 413', async () => {
    const bad = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
    const big = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(70_000) }) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
  });

  it('a wrong password is 401 and five failures lock the email with a clear 429', async () => {
    const agent = await s.createAgent();
    for (let i = 0; i < 5; i++) {
      const res = await s.api('POST', '/api/v1/auth/login', { body: { email: agent.email, password: 'wrong-password' } });
      expect(res.status).toBe(401);
    }
    const locked = await s.api('POST', '/api/v1/auth/login', { body: { email: agent.email, password: agent.password } });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'account_locked' });
    expect(locked.body.error.message).toMatch(/try again in \d+ minutes/);
  });

  it('ids of another account are not found on every route, and nothing changes there', async () => {
    const other = await s.createAccount();
    const group = (await s.api('POST', '/api/v1/groups', { token: other.admin.token, body: { name: 'Theirs' } })).body;
    const probes: [string, string, unknown?][] = [
      ['PATCH', `/api/v1/agents/${other.admin.id}`, { name: 'pwned' }],
      ['DELETE', `/api/v1/agents/${other.admin.id}`],
      ['PUT', `/api/v1/agents/${other.admin.id}/status`, { status: 'offline' }],
      ['PATCH', `/api/v1/groups/${group.id}`, { name: 'pwned' }],
      ['DELETE', `/api/v1/groups/${group.id}`],
      ['PUT', `/api/v1/groups/${group.id}/members`, { agentIds: [s.admin.id] }],
      ['GET', `/api/v1/groups/${group.id}/office-hours`],
      ['PUT', `/api/v1/groups/${group.id}/office-hours`, null],
    ];
    for (const [method, path, body] of probes) {
      const res = await s.api(method, path, { token: s.admin.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Own resources cannot reference theirs either.
    const mine = await s.api('POST', '/api/v1/groups', { token: s.admin.token, body: { name: 'Mine', memberIds: [other.admin.id] } });
    expect(mine.status).toBe(400);
    const agents = await s.api('GET', '/api/v1/agents', { token: other.admin.token });
    expect(agents.body.agents.map((a: { name: string }) => a.name)).not.toContain('pwned');
    const groups = await s.api('GET', '/api/v1/groups', { token: other.admin.token });
    expect(groups.body.groups).toEqual([{ id: group.id, name: 'Theirs', memberIds: [] }]);
    const presence = await s.api('GET', '/api/v1/presence', { token: s.admin.token });
    expect(JSON.stringify(presence.body)).not.toContain(other.admin.id);
  });
});
