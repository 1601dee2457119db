// SPEC 12: GET /api/v1/openapi.json is an OpenAPI 3.1 document of every route, checked with a
// standard validator; a route registered without a description fails here; contract checking
// (test/helpers/contract.ts) rejects what does not match the document.
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route, routeSpecs, trackRoutes, undescribedRoutes } from '../../src/server/http/route-spec.js';
import { ContractChecker } from '../helpers/contract.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Json = Record<string, any>;
let t: TestServer;
let doc: Json;

beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json() as Json;
});
afterAll(async () => { await t?.close(); });

const operations = (): [string, string, Json][] =>
  Object.entries<Json>(doc.paths).flatMap(([path, item]) => Object.entries<Json>(item).map(([method, op]) => [path, method, op] as [string, string, Json]));

describe('SPEC 12: the document is valid OpenAPI 3.1', () => {
  it('passes the standard OpenAPI schema validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator rejects a broken document (the check can fail)', async () => {
    const broken = structuredClone(doc);
    broken.paths['/api/v1/me'].get.responses = 'none';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });
});

describe('SPEC 12: every route is described', () => {
  const SPEC_4_3 = [
    'post /api/v1/auth/login', 'post /api/v1/auth/logout', 'get /api/v1/me', 'put /api/v1/agents/me/status', 'get /api/v1/presence',
    'get /api/v1/agents', 'post /api/v1/agents', 'patch /api/v1/agents/{id}', 'delete /api/v1/agents/{id}', 'put /api/v1/agents/{id}/status',
    'get /api/v1/groups', 'post /api/v1/groups', 'patch /api/v1/groups/{id}', 'delete /api/v1/groups/{id}', 'put /api/v1/groups/{id}/members',
    'get /api/v1/office-hours', 'put /api/v1/office-hours', 'get /api/v1/groups/{id}/office-hours', 'put /api/v1/groups/{id}/office-hours',
    'get /api/v1/account', 'patch /api/v1/account', 'get /api/v1/widget/{siteKey}/status', 'get /healthz', 'get /readyz', 'get /metrics',
  ];

  it('has every route of SPEC 4.3', () => {
    const have = new Set(operations().map(([path, method]) => `${method} ${path}`));
    expect(SPEC_4_3.filter((r) => !have.has(r))).toEqual([]);
  });

  it('no fastify route under /api/v1 (onRoute) is missing from the document', () => {
    expect(undescribedRoutes(t.server.app)).toEqual([]);
    // and the document is exactly the described routes of this server
    expect(operations().length).toBe(routeSpecs(t.server.app).length);
  });

  it('a route registered with a plain app.get is reported (the check can fail)', async () => {
    const app = Fastify();
    trackRoutes(app);
    route(app, { method: 'GET', path: '/api/v1/described', operationId: 'd', summary: 's', tag: 't', access: 'public', responses: { 200: z.object({}) } }, async () => ({}));
    app.get('/api/v1/forgotten/:id', async () => ({}));
    app.get('/elsewhere', async () => ({}));
    await app.ready();
    expect(undescribedRoutes(app)).toEqual(['GET /api/v1/forgotten/:id']);
    await app.close();
    expect(() => undescribedRoutes(Fastify())).toThrow(/trackRoutes/);
  });

  it('every operation has an id, a summary, an error body for each error status, and the right security', () => {
    const ids = new Set<string>();
    for (const [path, method, op] of operations()) {
      expect(op.operationId, `${method} ${path}`).toBeTruthy();
      expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId);
      expect(op.summary).toBeTruthy();
      expect(op.responses['500'], `${method} ${path} documents 500`).toBeDefined();
      for (const [status, r] of Object.entries<Json>(op.responses)) {
        if (Number(status) >= 400) expect(r.$ref, `${method} ${path} ${status}`).toBe(`#/components/responses/Error${status}`);
      }
      if (op['x-access'] === 'public') expect(op.security).toEqual([]);
      else {
        expect(op.security[0]).toEqual({ sessionToken: [] });
        expect(op.responses['401']).toBeDefined();
      }
      if (op['x-access'] === 'admin') expect(op.responses['403']).toBeDefined();
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['integrationToken', 'sessionToken']);
    expect(doc.paths['/api/v1/presence'].get.security).toContainEqual({ integrationToken: ['presence:read'] });
    expect(doc.paths['/api/v1/agents/{id}/status'].put.security).toContainEqual({ integrationToken: ['status:write'] });
  });
});

describe('SPEC 12: examples and schemas agree', () => {
  it('every example in the document matches its own schema', () => {
    const checker = new ContractChecker(doc);
    let checked = 0;
    for (const [path, method, op] of operations()) {
      for (const [status, r] of Object.entries<Json>(op.responses)) {
        const example = r.content?.['application/json']?.example;
        if (example === undefined) continue;
        const concrete = path.replace(/\{(\w+)\}/g, 'x');
        checker.check(method.toUpperCase(), concrete, { status: Number(status), contentType: 'application/json', text: JSON.stringify(example) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('request examples match the request schemas', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false });
    let checked = 0;
    for (const [path, method, op] of operations()) {
      const body = op.requestBody?.content?.['application/json'];
      if (!body) continue;
      expect(body.example, `${method} ${path} has a request example`).toBeDefined();
      expect(ajv.validate(body.schema, body.example), `${method} ${path}: ${ajv.errorsText()}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('request bodies reject unknown fields, as the server does', () => {
    const schema = doc.paths['/api/v1/agents'].post.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['email', 'name', 'password']);
  });
});

describe('contract checking catches drift', () => {
  it('a body that does not match, an undocumented status and an undocumented route each throw', () => {
    const checker = new ContractChecker(doc);
    const json = (v: unknown) => ({ contentType: 'application/json', text: JSON.stringify(v) });
    expect(() => checker.check('GET', '/api/v1/groups', { status: 200, ...json({ groups: [{ id: 'g', name: 'G' }] }) })).toThrow(/memberIds/);
    expect(() => checker.check('GET', '/api/v1/groups', { status: 200, ...json({ groups: [], extra: 1 }) })).toThrow(/additional/);
    expect(() => checker.check('DELETE', '/api/v1/groups/g1', { status: 200, ...json({}) })).toThrow(/status 200 is not documented/);
    expect(() => checker.check('GET', '/api/v1/nowhere', { status: 200, ...json({}) })).toThrow(/not in \/api\/v1\/openapi.json/);
    expect(() => checker.check('GET', '/api/v1/me', { status: 401, ...json({ error: { code: 'nope', message: 'x' } }) })).toThrow(/code/);
    // and what matches passes
    checker.check('GET', '/api/v1/groups', { status: 200, ...json({ groups: [{ id: 'g', name: 'G', memberIds: [] }] }) });
    checker.check('GET', '/api/v1/nowhere', { status: 404, ...json({ error: { code: 'not_found', message: 'no route' } }) });
    checker.check('PUT', '/api/v1/agents/me/status', { status: 200, ...json({ id: 'a', name: 'n', email: 'e', role: 'agent', groupIds: [], disabled: false, intent: 'away', status: 'away', version: 1, devices: 0 }) });
  });
});

describe('/api/docs serves the reference from the package, under the dashboard CSP', () => {
  it('serves the page, its own start script and the Swagger UI files, nothing else', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|https?:\/\//);
    for (const [file, type] of [['init.js', 'text/javascript'], ['swagger-ui-bundle.js', 'text/javascript'], ['swagger-ui.css', 'text/css']]) {
      const res = await fetch(`${t.url}/api/docs/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toContain(type);
      expect((await res.text()).length).toBeGreaterThan(10);
    }
    expect((await fetch(`${t.url}/api/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/docs/..%2Fpackage.json`)).status).toBe(404);
  });
});
