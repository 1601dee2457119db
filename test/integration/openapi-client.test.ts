// Issue 21: a client generated from the document with a standard generator (openapi-typescript +
// openapi-fetch) is committed, is up to date with what the server serves, and works against a real server.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresenceClient } from '../../clients/typescript/client.js';
import { CLIENT_TYPES_PATH, DOC_PATH, renderClient } from '../../scripts/api-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => { t = await startTestServer(); });
afterAll(async () => { await t?.close(); });

describe('the generated client', () => {
  it('docs/openapi.json and clients/typescript/presence-api.ts match what the server serves (run npm run api:client)', async () => {
    const served = await (await fetch(`${t.url}/api/v1/openapi.json`)).json() as Record<string, unknown>;
    const fresh = await renderClient(served);
    expect(readFileSync(DOC_PATH, 'utf8'), 'docs/openapi.json is stale: run npm run api:client').toBe(fresh.doc);
    expect(readFileSync(CLIENT_TYPES_PATH, 'utf8'), 'the generated client is stale: run npm run api:client').toBe(fresh.types);
  });

  it('signs in, reads the team, changes its status and gets typed errors against a real server', async () => {
    const anon = createPresenceClient(t.url);
    const login = await anon.POST('/api/v1/auth/login', { body: { email: t.admin.email, password: t.admin.password } });
    expect(login.response.status).toBe(200);
    const token = login.data!.token;
    expect(login.data!.agent.role).toBe('admin');

    const api = createPresenceClient(t.url, token);
    const me = await api.GET('/api/v1/me');
    expect(me.data?.id).toBe(t.admin.id);

    const group = await api.POST('/api/v1/groups', { body: { name: 'Sales' } });
    expect(group.response.status).toBe(201);
    const status = await api.PUT('/api/v1/agents/{id}/status', { params: { path: { id: t.admin.id } }, body: { status: 'away' } });
    expect(status.data?.intent).toBe('away');

    const presence = await api.GET('/api/v1/presence');
    expect(presence.data?.agents.find((a) => a.id === t.admin.id)?.intent).toBe('away');
    expect(Object.keys(presence.data?.groups ?? {})).toContain(group.data!.id);

    const missing = await api.PATCH('/api/v1/groups/{id}', { params: { path: { id: 'nope' } }, body: { name: 'X' } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('not_found');

    const unauth = await anon.GET('/api/v1/presence');
    expect(unauth.response.status).toBe(401);
    expect(unauth.error?.error.code).toBe('unauthorized');

    const site = await anon.GET('/api/v1/widget/{siteKey}/status', { params: { path: { siteKey: t.siteKey }, query: { group: group.data!.id } } });
    expect(site.data).toMatchObject({ type: 'chatBox.status', group: group.data!.id, online: false });
  });
});
