// SPEC 4.3, 8: fuzzed requests at every HTTP route through app.inject (in-process, no sockets).
// Every answer is a specified status with a `{"error":{code,message}}` body or a 2xx body that
// matches its schema; no role gets more than its row of the table; nothing of account B leaks or
// changes; and afterwards account A equals the model built from the 2xx answers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accountPatchBodySchema, accountViewSchema, agentViewSchema, createAgentBodySchema, createGroupBodySchema, groupMembersBodySchema,
  groupViewSchema, loginBodySchema, patchAgentBodySchema, patchGroupBodySchema, presenceViewSchema, statusBodySchema,
} from '../../src/common/http-schemas.js';
import { errorCodeSchema, widgetStatusSchema } from '../../src/common/protocol.js';
import { arbitraryFrom, mutateBytes, mutateFields, samples } from '../helpers/hardening-fuzz.js';
import { capturingLogger } from '../helpers/hardening-oracle.js';
import { SEED, fuzzDataDir, recordFigures, removeFuzzDataDir, scale } from '../helpers/hardening-scale.js';
import { startTestServer, type TestAgent, type TestServer } from '../helpers/server.js';

const REQUESTS = scale(50_000, 500_000);
type Who = 'admin' | 'agent' | 'anonymous' | 'bogus';
type Need = 'public' | 'self' | 'member' | 'admin';

let s: TestServer;
let log: ReturnType<typeof capturingLogger>;
let agentA: TestAgent;
let other: Awaited<ReturnType<TestServer['createAccount']>>;
const victims = { agents: [] as string[], groups: [] as string[] };
const rejections: unknown[] = [];
const onRejection = (err: unknown) => rejections.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  log = capturingLogger();
  s = await startTestServer({ logger: log.logger, dataDir: fuzzDataDir() });
  agentA = await s.createAgent();
  for (let i = 0; i < 3; i++) victims.agents.push((await s.createAgent()).id);
  for (let i = 0; i < 3; i++) victims.groups.push((await s.createGroup(`victim ${i}`, victims.agents.slice(0, i + 1))).id);
  other = await s.createAccount('HTTP fuzz B');
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await s.close();
  removeFuzzDataDir(s.dataDir);
});

const schedule = { enabled: true, timezone: 'Europe/Prague', weekly: { mon: [{ from: '09:00', to: '17:00' }] }, messages: { offline: 'later' } };
const body = (schema: z.ZodType) => fc.oneof({ weight: 1, arbitrary: arbitraryFrom(schema) }, { weight: 4, arbitrary: mutateFields(arbitraryFrom(schema)) });

interface Route { method: string; path: (id: string) => string; need: Need; body?: fc.Arbitrary<unknown>; ok?: z.ZodType; writes?: boolean }
const routes: Route[] = [
  { method: 'POST', path: () => '/api/v1/auth/login', need: 'public', body: body(loginBodySchema) },
  { method: 'POST', path: () => '/api/v1/auth/logout', need: 'self' },
  { method: 'GET', path: () => '/api/v1/me', need: 'self', ok: agentViewSchema.extend({ accountId: z.string() }) },
  { method: 'PUT', path: () => '/api/v1/agents/me/status', need: 'self', body: body(statusBodySchema), ok: agentViewSchema },
  { method: 'GET', path: () => '/api/v1/presence', need: 'member', ok: presenceViewSchema },
  { method: 'GET', path: () => '/api/v1/agents', need: 'admin', ok: z.object({ agents: z.array(agentViewSchema) }) },
  { method: 'POST', path: () => '/api/v1/agents', need: 'admin', body: body(createAgentBodySchema), ok: agentViewSchema },
  { method: 'PATCH', path: (id) => `/api/v1/agents/${id}`, need: 'admin', body: body(patchAgentBodySchema), ok: agentViewSchema },
  { method: 'DELETE', path: (id) => `/api/v1/agents/${id}`, need: 'admin' },
  { method: 'PUT', path: (id) => `/api/v1/agents/${id}/status`, need: 'admin', body: body(statusBodySchema), ok: agentViewSchema },
  { method: 'GET', path: () => '/api/v1/groups', need: 'member', ok: z.object({ groups: z.array(groupViewSchema) }) },
  { method: 'POST', path: () => '/api/v1/groups', need: 'admin', body: body(createGroupBodySchema), ok: groupViewSchema },
  { method: 'PATCH', path: (id) => `/api/v1/groups/${id}`, need: 'admin', body: body(patchGroupBodySchema), ok: groupViewSchema },
  { method: 'DELETE', path: (id) => `/api/v1/groups/${id}`, need: 'admin' },
  { method: 'PUT', path: (id) => `/api/v1/groups/${id}/members`, need: 'admin', body: body(groupMembersBodySchema), ok: groupViewSchema },
  { method: 'GET', path: () => '/api/v1/office-hours', need: 'member' },
  { method: 'PUT', path: () => '/api/v1/office-hours', need: 'admin', body: fc.oneof(fc.constant(schedule), fc.constant(null), mutateFields(fc.constant(schedule))) },
  { method: 'GET', path: (id) => `/api/v1/groups/${id}/office-hours`, need: 'member' },
  { method: 'PUT', path: (id) => `/api/v1/groups/${id}/office-hours`, need: 'admin', body: fc.oneof(fc.constant(schedule), fc.constant(null), mutateFields(fc.constant(schedule))) },
  { method: 'GET', path: () => '/api/v1/account', need: 'member', ok: accountViewSchema },
  { method: 'PATCH', path: () => '/api/v1/account', need: 'admin', body: body(accountPatchBodySchema), ok: accountViewSchema },
  { method: 'GET', path: (id) => `/api/v1/widget/${id}/status`, need: 'public', ok: widgetStatusSchema },
  { method: 'OPTIONS', path: (id) => `/api/v1/widget/${id}/status`, need: 'public' },
  { method: 'GET', path: () => '/healthz', need: 'public' },
  { method: 'GET', path: () => '/readyz', need: 'public' },
  { method: 'GET', path: () => '/metrics', need: 'public' },
  { method: 'GET', path: () => '/widget.js', need: 'public' },
  { method: 'GET', path: (id) => `/demo/widget?site=${encodeURIComponent(id)}`, need: 'public' },
  { method: 'GET', path: (id) => `/api/v1/${encodeURIComponent(id)}`, need: 'public' },
];

const ALLOWED = new Set([200, 201, 204, 304, 400, 401, 403, 404, 409, 413, 415, 429]);
const rank: Record<Who, number> = { bogus: 0, anonymous: 0, agent: 1, admin: 2 };
const needRank: Record<Need, number> = { public: 0, self: 1, member: 1, admin: 2 };

describe('SPEC 4.3 HTTP API: fuzzed requests at every route', () => {
  it(`${REQUESTS} requests: specified answers only, role table held, account B untouched, A equals the model`, async () => {
    const ids = () => fc.oneof(
      fc.constantFrom(...victims.agents, ...victims.groups, s.siteKey, other.siteKey, other.admin.id),
      mutateBytes(fc.constantFrom(...victims.agents, ...victims.groups)).map((b) => encodeURIComponent(b.toString('latin1'))),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
    );
    const request = fc.record({
      route: fc.nat({ max: routes.length - 1 }),
      who: fc.constantFrom<Who>('admin', 'admin', 'agent', 'anonymous', 'bogus'),
      id: ids(),
      // Mostly schema-derived bodies; one in eight is raw bytes or a body over the 64 KiB limit.
      raw: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(mutateBytes(fc.constant(JSON.stringify(schedule))).map((b) => b.toString('latin1')), fc.constant('x'.repeat(70_000))) }),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
    });
    const inputs = samples(request, REQUESTS, SEED + 10);
    const perRoute = Math.ceil((2 * REQUESTS) / routes.length);
    const bodies = routes.map((r, i) => (r.body ? samples(r.body, perRoute, SEED + 100 + i) : []));
    const cursors = routes.map(() => 0);
    // Valid bodies that set a password cost a scrypt hash each; a few hundred are plenty.
    let hashes = 0;
    const bStore = s.server.store;
    const snapshotB = async () => JSON.stringify([await bStore.getAccount(other.accountId), await bStore.listGroups(other.accountId), await bStore.getAgent(other.admin.id)]);
    const before = await snapshotB();
    const model = { groups: new Map<string, string>(), agents: new Map<string, { email: string; name: string; role: string; disabled: boolean }>(), account: '' };
    for (const g of (await s.api('GET', '/api/v1/groups', { token: s.admin.token })).body.groups) model.groups.set(g.id, g.name);
    for (const a of (await s.api('GET', '/api/v1/agents', { token: s.admin.token })).body.agents) model.agents.set(a.id, { email: a.email, name: a.name, role: a.role, disabled: a.disabled });
    const leaks = [other.accountId, other.admin.id, other.admin.email];
    const problems: string[] = [];
    const statuses: Record<string, number> = {};
    for (const input of inputs) {
      const route = routes[input.route]!;
      const token = { admin: s.admin.token, agent: agentA.token, anonymous: undefined, bogus: 'ap_bogus' }[input.who];
      const pool = bodies[input.route]!;
      let payload: unknown = route.body ? pool[cursors[input.route]!++ % pool.length] : undefined;
      if (input.raw !== null) payload = input.raw;
      const setsPassword = (route.path('') === '/api/v1/agents' && route.method === 'POST') || (route.path('').startsWith('/api/v1/agents/') && route.method === 'PATCH');
      if (setsPassword && input.who === 'admin' && typeof payload === 'object' && payload !== null && 'password' in payload) {
        const schema = route.method === 'POST' ? createAgentBodySchema : patchAgentBodySchema;
        if (schema.safeParse(payload).success && ++hashes > 30) payload = { ...(payload as object), password: 1 };
      }
      // Logout with a real token would end the run; the ACL matrix covers it.
      const useToken = route.path('') === '/api/v1/auth/logout' && (input.who === 'admin' || input.who === 'agent') ? 'ap_bogus' : token;
      const headers: Record<string, string> = {};
      if (useToken) headers.authorization = `Bearer ${useToken}`;
      if (payload !== undefined && input.contentType) headers['content-type'] = input.contentType;
      const res = await s.server.app.inject({ method: route.method as 'GET', url: route.path(input.id), headers, payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload) });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      const where = `${route.method} ${route.path(input.id)} as ${input.who} -> ${res.statusCode}`;
      if (!ALLOWED.has(res.statusCode)) { problems.push(`${where}: ${res.body.slice(0, 200)}`); continue; }
      if (res.statusCode >= 400) {
        const err = (() => { try { return JSON.parse(res.body); } catch { return null; } })();
        if (!err?.error || typeof err.error.message !== 'string' || !errorCodeSchema.safeParse(err.error.code).success) problems.push(`${where}: error body ${res.body.slice(0, 200)}`);
        continue;
      }
      const effective: Who = useToken === 'ap_bogus' ? 'bogus' : input.who;
      if (rank[effective] < needRank[route.need]) problems.push(`${where}: granted above the role`);
      if (!route.path('').startsWith('/api/v1/widget') && leaks.some((l) => res.body.includes(l) && !decodeURIComponent(input.id).includes(l))) problems.push(`${where}: leaks account B`);
      const json = res.statusCode === 204 || res.statusCode === 304 || !res.headers['content-type']?.toString().includes('json') ? null : res.json();
      if (route.ok && json !== null && !route.ok.safeParse(json).success) problems.push(`${where}: body does not match its schema`);
      // The model follows every acknowledged write of account A.
      const path = route.path('');
      if (path === '/api/v1/groups' && route.method === 'POST') model.groups.set(json.id, json.name);
      if (path.startsWith('/api/v1/groups/') && route.method === 'PATCH') model.groups.set(json.id, json.name);
      if (path.startsWith('/api/v1/groups/') && route.method === 'DELETE') model.groups.delete(decodeURIComponent(input.id));
      if (path === '/api/v1/agents' && route.method === 'POST') model.agents.set(json.id, { email: json.email, name: json.name, role: json.role, disabled: json.disabled });
      if (path.startsWith('/api/v1/agents/') && route.method === 'PATCH') model.agents.set(json.id, { email: json.email, name: json.name, role: json.role, disabled: json.disabled });
      if (path.startsWith('/api/v1/agents/') && route.method === 'DELETE') model.agents.delete(decodeURIComponent(input.id));
      if (path === '/api/v1/account' && route.method === 'PATCH') model.account = JSON.stringify(json);
    }
    // One line per kind of problem (ids stripped), so a failure reads as a list of distinct bugs.
    expect([...new Set(problems.map((p) => p.replace(/\/[A-Za-z0-9_%-]{6,}(?=[/ ?])/g, '/:id')))].slice(0, 30)).toEqual([]);
    const groups = (await s.api('GET', '/api/v1/groups', { token: s.admin.token })).body.groups.map((g: { id: string; name: string }) => [g.id, g.name]).sort();
    expect(groups).toEqual([...model.groups.entries()].sort());
    const agents = (await s.api('GET', '/api/v1/agents', { token: s.admin.token })).body.agents.map((a: any) => [a.id, { email: a.email, name: a.name, role: a.role, disabled: a.disabled }]).sort();
    expect(agents).toEqual([...model.agents.entries()].sort());
    if (model.account) expect(JSON.stringify((await s.api('GET', '/api/v1/account', { token: s.admin.token })).body)).toBe(model.account);
    expect(await snapshotB()).toBe(before);
    expect(log.errors()).toEqual([]);
    expect(rejections).toEqual([]);
    recordFigures('fuzz-http', { requests: REQUESTS, statuses, passwordHashes: Math.min(hashes, 30) });
  }, 300_000);
});
