// SPEC 4.3 "nothing of one account is visible or writable from another": every route and socket,
// as anonymous, an agent and an admin of account A, against a resource of account A and one of
// account B. The measured table must equal the expected one below; it is written to
// test-output/acl-matrix.md and copied into docs/security.md by scripts/hardening.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashToken, newToken } from '../../src/server/ids.js';
import { outputDir } from '../helpers/hardening-scale.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Scope = 'presence:read' | 'status:write' | 'reports:read' | 'webhooks:write';
/** The three sign-ins, and (SPEC 10) an integration token of admin A with exactly one scope. */
type Role = 'anonymous' | 'agent' | 'admin' | `token ${Scope}`;
const SCOPES: Scope[] = ['presence:read', 'status:write', 'reports:read', 'webhooks:write'];
type Target = 'A' | 'B';
const ROLES: Role[] = ['anonymous', 'agent', 'admin'];
const schedule = { enabled: false, timezone: 'UTC', weekly: {} };

interface Row {
  name: string;
  /** Fresh resources per cell, so a write in one cell cannot change another's result. */
  run(role: Role, target: Target): Promise<string>;
}

let s: TestServer;
let B: Awaited<ReturnType<TestServer['createAccount']>>;
let agentA: { id: string };
let agentB: { id: string };
beforeAll(async () => {
  // Webhook test events resolve to a loopback address, which the SSRF rules refuse: no traffic leaves.
  s = await startTestServer({ webhooks: { resolve: async () => [{ address: '127.0.0.1', family: 4 }] } });
  agentA = await s.createAgent();
  B = await s.createAccount('ACL B');
  const res = await s.api('POST', '/api/v1/agents', { token: B.admin.token, body: { email: `b-agent-${Date.now()}@b.example`, name: 'B agent', password: 'password-123' } });
  agentB = { id: res.body.id };
});
afterAll(async () => { await s.close(); });

/** A fresh bearer token for the role, minted in the store: logout cells revoke theirs. */
async function tokenFor(role: Role): Promise<string | undefined> {
  if (role === 'anonymous') return undefined;
  if (role.startsWith('token ')) {
    const res = await s.api('POST', '/api/v1/tokens', { token: s.admin.token, body: { name: 'acl', scopes: [role.slice(6)] } });
    return res.body.token as string;
  }
  const token = newToken();
  await s.server.store.createToken(hashToken(token), role === 'admin' ? s.admin.id : agentA.id, Date.now() + 3_600_000);
  return token;
}

const victimsB = { agents: [] as string[], groups: [] as string[] };
const adminOf = (t: Target) => (t === 'A' ? s.admin.token : B.admin.token);
async function freshAgent(t: Target): Promise<string> {
  const res = await s.api('POST', '/api/v1/agents', { token: adminOf(t), body: { email: `v-${Math.random().toString(36).slice(2)}@acl.example`, name: 'victim', password: 'password-123' } });
  if (t === 'B') victimsB.agents.push(res.body.id);
  return res.body.id;
}
async function freshGroup(t: Target): Promise<string> {
  const id = (await s.api('POST', '/api/v1/groups', { token: adminOf(t), body: { name: 'victim' } })).body.id as string;
  if (t === 'B') victimsB.groups.push(id);
  return id;
}

/** The HTTP status, and LEAK if a 2xx answer to an account-A caller carries an account-B identifier. */
async function http(method: string, path: string, role: Role, body?: unknown, allowB = false): Promise<string> {
  const token = await tokenFor(role);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await s.server.app.inject({ method: method as 'GET', url: path, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
  const leak = !allowB && res.statusCode < 300 && [B.accountId, B.admin.id, B.admin.email, agentB.id].some((x) => res.body.includes(x));
  return `${res.statusCode}${leak ? ' LEAK' : ''}`;
}

async function freshWebhook(t: Target): Promise<string> {
  return (await s.api('POST', '/api/v1/webhooks', { token: adminOf(t), body: { url: 'https://hooks.example.com/acl', events: ['chatBox.changed'] } })).body.id as string;
}

async function freshToken(t: Target): Promise<string> {
  return (await s.api('POST', '/api/v1/tokens', { token: adminOf(t), body: { name: 'victim', scopes: ['presence:read'] } })).body.id as string;
}

const none = (method: string, path: string, body?: unknown): Row => ({ name: `${method} ${path}`, run: (role) => http(method, path, role, body) });
const byAgent = (method: string, path: string, body?: unknown): Row => ({
  name: `${method} ${path}`, run: async (role, t) => http(method, path.replace(':id', await freshAgent(t)), role, body),
});
const byGroup = (method: string, path: string, body?: unknown): Row => ({
  name: `${method} ${path}`, run: async (role, t) => http(method, path.replace(':id', await freshGroup(t)), role, body),
});
const byWebhook = (method: string, path: string, body?: unknown): Row => ({
  name: `${method} ${path}`, run: async (role, t) => http(method, path.replace(':id', await freshWebhook(t)), role, body),
});
const byToken = (method: string, path: string): Row => ({
  name: `${method} ${path}`, run: async (role, t) => http(method, path.replace(':id', await freshToken(t)), role),
});

function socket(url: string, first?: unknown): Promise<{ outcome: string; text: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let text = '';
    ws.on('open', () => { if (first) ws.send(JSON.stringify(first)); });
    ws.on('message', (d) => {
      text += String(d);
      const type = JSON.parse(String(d)).type as string;
      if (type === 'welcome' || type === 'chatBox.status') { ws.close(1000); resolve({ outcome: type, text }); }
    });
    ws.on('close', (code) => resolve({ outcome: `close ${code}`, text }));
    ws.on('error', () => undefined);
  });
}

const rows: Row[] = [
  none('POST', '/api/v1/auth/logout'),
  none('GET', '/api/v1/me'),
  none('PUT', '/api/v1/agents/me/status', { status: 'away' }),
  none('GET', '/api/v1/presence'),
  none('GET', '/api/v1/agents'),
  none('POST', '/api/v1/agents', { email: 'new@acl.example', name: 'n', password: 'password-123' }),
  byAgent('PATCH', '/api/v1/agents/:id', { name: 'renamed' }),
  byAgent('PUT', '/api/v1/agents/:id/status', { status: 'offline' }),
  byAgent('DELETE', '/api/v1/agents/:id'),
  none('GET', '/api/v1/groups'),
  none('POST', '/api/v1/groups', { name: 'g' }),
  byGroup('PATCH', '/api/v1/groups/:id', { name: 'renamed' }),
  byGroup('PUT', '/api/v1/groups/:id/members', { agentIds: [] }),
  byGroup('DELETE', '/api/v1/groups/:id'),
  none('GET', '/api/v1/office-hours'),
  none('PUT', '/api/v1/office-hours', schedule),
  byGroup('GET', '/api/v1/groups/:id/office-hours'),
  byGroup('PUT', '/api/v1/groups/:id/office-hours', schedule),
  none('GET', '/api/v1/account'),
  none('PATCH', '/api/v1/account', { name: 'renamed' }),
  none('GET', '/api/v1/webhooks'),
  none('POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/new', events: ['agent.status.changed'] }),
  byWebhook('PATCH', '/api/v1/webhooks/:id', { description: 'renamed' }),
  byWebhook('DELETE', '/api/v1/webhooks/:id'),
  byWebhook('POST', '/api/v1/webhooks/:id/test'),
  byWebhook('GET', '/api/v1/webhooks/:id/deliveries'),
  none('GET', '/api/v1/alerts'),
  none('GET', '/api/v1/tokens'),
  none('POST', '/api/v1/tokens', { name: 'n', scopes: ['presence:read'] }),
  byToken('DELETE', '/api/v1/tokens/:id'),
  { name: 'GET /api/v1/widget/:siteKey/status', run: (role, t) => http('GET', `/api/v1/widget/${t === 'A' ? s.siteKey : B.siteKey}/status`, role, undefined, true) },
  { name: 'GET /api/v1/widget/:siteKey/status?group=', run: async (role, t) => http('GET', `/api/v1/widget/${s.siteKey}/status?group=${await freshGroup(t)}`, role) },
  {
    name: 'WS /ws/agent hello', run: async (role) => {
      const token = (await tokenFor(role)) ?? 'ap_anonymous';
      const r = await socket(`${s.wsUrl}/ws/agent`, { type: 'hello', token, device: { id: `acl-${Math.random().toString(36).slice(2)}`, kind: 'cli' }, protocol: 1 });
      return `${r.outcome}${[B.accountId, B.admin.id, agentB.id].some((x) => r.text.includes(x)) ? ' LEAK' : ''}`;
    },
  },
  { name: 'WS /ws/widget?site=', run: async (_role, t) => (await socket(`${s.wsUrl}/ws/widget?site=${t === 'A' ? s.siteKey : B.siteKey}`)).outcome },
  { name: 'WS /ws/widget?site=A&group=', run: async (_role, t) => (await socket(`${s.wsUrl}/ws/widget?site=${s.siteKey}&group=${await freshGroup(t)}`)).outcome },
];

// Columns: anonymous A, anonymous B, agent A, agent B, admin A, admin B. For routes without an id
// the "B" column is the same call (the caller's account is implied by the token): it must equal A.
const EXPECTED: Record<string, string> = {
  'POST /api/v1/auth/logout': '401 401 204 204 204 204',
  'GET /api/v1/me': '401 401 200 200 200 200',
  'PUT /api/v1/agents/me/status': '401 401 200 200 200 200',
  'GET /api/v1/presence': '401 401 200 200 200 200',
  'GET /api/v1/agents': '401 401 403 403 200 200',
  'POST /api/v1/agents': '401 401 403 403 201 409',
  'PATCH /api/v1/agents/:id': '401 401 403 403 200 404',
  'PUT /api/v1/agents/:id/status': '401 401 403 403 200 404',
  'DELETE /api/v1/agents/:id': '401 401 403 403 204 404',
  'GET /api/v1/groups': '401 401 200 200 200 200',
  'POST /api/v1/groups': '401 401 403 403 201 201',
  'PATCH /api/v1/groups/:id': '401 401 403 403 200 404',
  'PUT /api/v1/groups/:id/members': '401 401 403 403 200 404',
  'DELETE /api/v1/groups/:id': '401 401 403 403 204 404',
  'GET /api/v1/office-hours': '401 401 200 200 200 200',
  'PUT /api/v1/office-hours': '401 401 403 403 200 200',
  'GET /api/v1/groups/:id/office-hours': '401 401 200 404 200 404',
  'PUT /api/v1/groups/:id/office-hours': '401 401 403 403 200 404',
  'GET /api/v1/account': '401 401 200 200 200 200',
  'PATCH /api/v1/account': '401 401 403 403 200 200',
  'GET /api/v1/webhooks': '401 401 403 403 200 200',
  'POST /api/v1/webhooks': '401 401 403 403 201 201',
  'PATCH /api/v1/webhooks/:id': '401 401 403 403 200 404',
  'DELETE /api/v1/webhooks/:id': '401 401 403 403 204 404',
  'POST /api/v1/webhooks/:id/test': '401 401 403 403 202 404',
  'GET /api/v1/webhooks/:id/deliveries': '401 401 403 403 200 404',
  'GET /api/v1/alerts': '401 401 403 403 200 200',
  'GET /api/v1/tokens': '401 401 403 403 200 200',
  'POST /api/v1/tokens': '401 401 403 403 201 201',
  'DELETE /api/v1/tokens/:id': '401 401 403 403 204 404',
  'GET /api/v1/widget/:siteKey/status': '200 200 200 200 200 200',
  'GET /api/v1/widget/:siteKey/status?group=': '200 404 200 404 200 404',
  'WS /ws/agent hello': 'close 4401 close 4401 welcome welcome welcome welcome',
  'WS /ws/widget?site=': 'chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status',
  'WS /ws/widget?site=A&group=': 'chatBox.status close 4404 chatBox.status close 4404 chatBox.status close 4404',
};

describe('SPEC 4.3 access control: every route and socket, every role, own and other account', () => {
  it('the measured table equals the expected table, with no cross-account read or write', async () => {
    const snapshotB = async () => JSON.stringify([await s.server.store.getAccount(B.accountId), await s.server.store.getAgent(B.admin.id), await s.server.store.getAgent(agentB.id)]);
    const before = await snapshotB();
    const measured: Record<string, string> = {};
    const lines = ['| route / socket | anonymous → A | anonymous → B | agent of A → A | agent of A → B | admin of A → A | admin of A → B |', '|---|---|---|---|---|---|---|'];
    for (const row of rows) {
      const cells: string[] = [];
      for (const role of ROLES) for (const t of ['A', 'B'] as const) cells.push(await row.run(role, t));
      measured[row.name] = cells.join(' ');
      lines.push(`| \`${row.name}\` | ${cells.join(' | ')} |`);
    }
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, 'acl-matrix.md'), `${lines.join('\n')}\n`);
    expect(measured).toEqual(EXPECTED);
    expect(Object.values(measured).join(' ')).not.toContain('LEAK');
    // B's account and agents are as they were; every victim A's callers aimed at is untouched.
    expect(await snapshotB()).toBe(before);
    for (const id of victimsB.agents) expect(await s.server.store.getAgent(id)).toMatchObject({ name: 'victim', disabled: false, intent: 'offline' });
    for (const id of victimsB.groups) expect(await s.server.store.getGroup(id)).toMatchObject({ name: 'victim', memberIds: [], officeHours: null });
  }, 120_000);
});

// SPEC 10: an integration token of admin A with exactly one scope, on every route and socket. A
// route answers a token only when it names that scope (then as admin A would); every other route
// answers 403, and sockets refuse tokens (4401). Columns: each scope → A, → B.
const EXPECTED_SCOPES: Record<string, string> = {
  'POST /api/v1/auth/logout': '403 403 403 403 403 403 403 403',
  'GET /api/v1/me': '403 403 403 403 403 403 403 403',
  'PUT /api/v1/agents/me/status': '403 403 403 403 403 403 403 403',
  'GET /api/v1/presence': '200 200 403 403 403 403 403 403',
  'GET /api/v1/agents': '200 200 403 403 403 403 403 403',
  'POST /api/v1/agents': '403 403 403 403 403 403 403 403',
  'PATCH /api/v1/agents/:id': '403 403 403 403 403 403 403 403',
  'PUT /api/v1/agents/:id/status': '403 403 200 404 403 403 403 403',
  'DELETE /api/v1/agents/:id': '403 403 403 403 403 403 403 403',
  'GET /api/v1/groups': '200 200 403 403 403 403 403 403',
  'POST /api/v1/groups': '403 403 403 403 403 403 403 403',
  'PATCH /api/v1/groups/:id': '403 403 403 403 403 403 403 403',
  'PUT /api/v1/groups/:id/members': '403 403 403 403 403 403 403 403',
  'DELETE /api/v1/groups/:id': '403 403 403 403 403 403 403 403',
  'GET /api/v1/office-hours': '200 200 403 403 403 403 403 403',
  'PUT /api/v1/office-hours': '403 403 403 403 403 403 403 403',
  'GET /api/v1/groups/:id/office-hours': '200 404 403 403 403 403 403 403',
  'PUT /api/v1/groups/:id/office-hours': '403 403 403 403 403 403 403 403',
  'GET /api/v1/account': '200 200 403 403 403 403 403 403',
  'PATCH /api/v1/account': '403 403 403 403 403 403 403 403',
  'GET /api/v1/webhooks': '403 403 403 403 403 403 200 200',
  'POST /api/v1/webhooks': '403 403 403 403 403 403 201 201',
  'PATCH /api/v1/webhooks/:id': '403 403 403 403 403 403 200 404',
  'DELETE /api/v1/webhooks/:id': '403 403 403 403 403 403 204 404',
  'POST /api/v1/webhooks/:id/test': '403 403 403 403 403 403 202 404',
  'GET /api/v1/webhooks/:id/deliveries': '403 403 403 403 403 403 200 404',
  'GET /api/v1/alerts': '403 403 403 403 403 403 403 403',
  'GET /api/v1/tokens': '403 403 403 403 403 403 403 403',
  'POST /api/v1/tokens': '403 403 403 403 403 403 403 403',
  'DELETE /api/v1/tokens/:id': '403 403 403 403 403 403 403 403',
  'GET /api/v1/widget/:siteKey/status': '200 200 200 200 200 200 200 200',
  'GET /api/v1/widget/:siteKey/status?group=': '200 404 200 404 200 404 200 404',
  'WS /ws/agent hello': 'close 4401 close 4401 close 4401 close 4401 close 4401 close 4401 close 4401 close 4401',
  'WS /ws/widget?site=': 'chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status chatBox.status',
  'WS /ws/widget?site=A&group=': 'chatBox.status close 4404 chatBox.status close 4404 chatBox.status close 4404 chatBox.status close 4404',
};

describe('SPEC 10 integration tokens: every route and socket × every scope, own and other account', () => {
  it('the measured table equals the expected table (a scope opens only the routes that name it)', async () => {
    const measured: Record<string, string> = {};
    const lines = [`| route / socket | ${SCOPES.flatMap((sc) => [`\`${sc}\` → A`, `\`${sc}\` → B`]).join(' | ')} |`, `|---|${SCOPES.map(() => '---|---|').join('')}`];
    for (const row of rows) {
      const cells: string[] = [];
      for (const scope of SCOPES) for (const t of ['A', 'B'] as const) cells.push(await row.run(`token ${scope}`, t));
      measured[row.name] = cells.join(' ');
      lines.push(`| \`${row.name}\` | ${cells.join(' | ')} |`);
    }
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, 'acl-scopes-matrix.md'), `${lines.join('\n')}\n`);
    expect(measured).toEqual(EXPECTED_SCOPES);
    expect(Object.values(measured).join(' ')).not.toContain('LEAK');
  }, 120_000);
});
