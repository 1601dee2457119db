// SPEC 10 integration tokens: shown once, hashed at rest, listed with lastUsedAt, revoked at once,
// only the scopes they were given, acting for (and no more than) the admin who made them.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer | undefined;
afterEach(async () => { await s?.close(); s = undefined; });

const create = async (t: TestServer, scopes: string[], token = t.admin.token) => t.api('POST', '/api/v1/tokens', { token, body: { name: 'CRM sync', scopes } });

describe('SPEC 10 integration tokens', () => {
  it('created with the token shown once; stored only as a hash; listed without it', async () => {
    s = await startTestServer();
    const res = await create(s, ['presence:read']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'CRM sync', scopes: ['presence:read'], lastUsedAt: null });
    expect(res.body.token).toMatch(/^apk_[A-Za-z0-9_-]{43}$/);
    const list = await s.api('GET', '/api/v1/tokens', { token: s.admin.token });
    expect(list.body.tokens).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    const db = new Database(join(s.dataDir, 'presence.sqlite'), { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM integration_tokens').all());
      expect(dump).not.toContain(res.body.token);
      expect(dump).not.toContain(res.body.token.slice(4));
    } finally {
      db.close();
    }
  });

  it('a scope opens the routes that name it and nothing else; lastUsedAt is kept', async () => {
    s = await startTestServer();
    const read = (await create(s, ['presence:read'])).body;
    const presence = await s.api('GET', '/api/v1/presence', { token: read.token });
    expect(presence.status).toBe(200);
    expect(presence.body.agents.map((a: { id: string }) => a.id)).toContain(s.admin.id);
    const denied = await s.api('PUT', `/api/v1/agents/${s.admin.id}/status`, { token: read.token, body: { status: 'away' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/lacks the scope status:write/);
    expect((await s.api('GET', '/api/v1/me', { token: read.token })).status).toBe(403);
    expect((await s.api('GET', '/api/v1/tokens', { token: read.token })).status).toBe(403);
    const [listed] = (await s.api('GET', '/api/v1/tokens', { token: s.admin.token })).body.tokens;
    expect(listed.lastUsedAt).not.toBeNull();

    const write = (await create(s, ['status:write'])).body;
    const agent = await s.createAgent();
    const set = await s.api('PUT', `/api/v1/agents/${agent.id}/status`, { token: write.token, body: { status: 'away' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: agent.id, intent: 'away' });
  });

  it('revoked: the next request answers 401; another account cannot revoke it', async () => {
    s = await startTestServer();
    const tok = (await create(s, ['presence:read'])).body;
    const other = await s.createAccount();
    expect((await s.api('DELETE', `/api/v1/tokens/${tok.id}`, { token: other.admin.token })).status).toBe(404);
    expect((await s.api('GET', '/api/v1/presence', { token: tok.token })).status).toBe(200);
    expect((await s.api('DELETE', `/api/v1/tokens/${tok.id}`, { token: s.admin.token })).status).toBe(204);
    expect((await s.api('GET', '/api/v1/presence', { token: tok.token })).status).toBe(401);
    expect((await s.api('GET', '/api/v1/tokens', { token: s.admin.token })).body.tokens).toEqual([]);
    expect((await s.api('DELETE', `/api/v1/tokens/${tok.id}`, { token: s.admin.token })).status).toBe(404);
  });

  it('acts for its admin: a disabled or demoted admin\'s token loses what the admin lost', async () => {
    s = await startTestServer();
    const second = await s.createAgent({ role: 'admin' });
    const tok = (await create(s, ['presence:read'], second.token)).body;
    expect((await s.api('GET', '/api/v1/agents', { token: tok.token })).status).toBe(200);
    await s.api('PATCH', `/api/v1/agents/${second.id}`, { token: s.admin.token, body: { role: 'agent' } });
    expect((await s.api('GET', '/api/v1/agents', { token: tok.token })).status).toBe(403);
    expect((await s.api('GET', '/api/v1/presence', { token: tok.token })).status).toBe(200);
    await s.api('PATCH', `/api/v1/agents/${second.id}`, { token: s.admin.token, body: { disabled: true } });
    expect((await s.api('GET', '/api/v1/presence', { token: tok.token })).status).toBe(403);
  });

  it('bad input names the field and creates nothing; agents cannot make tokens', async () => {
    s = await startTestServer();
    const bad = await create(s, ['presence:write']);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['scopes[0]']);
    expect((await create(s, [])).status).toBe(400);
    const agent = await s.createAgent();
    expect((await create(s, ['presence:read'], agent.token)).status).toBe(403);
    expect((await s.api('GET', '/api/v1/tokens', { token: s.admin.token })).body.tokens).toEqual([]);
  });
});
