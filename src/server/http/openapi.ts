// The OpenAPI 3.1 document (SPEC 12), built from the route specs recorded by `route()` and the very
// zod schemas the handlers parse with (zod 4's own JSON Schema output, draft 2020-12, which is
// OpenAPI 3.1's schema dialect). Request bodies are described as the server accepts them (`io:
// 'input'`: defaults make a field optional), responses as the server sends them (`io: 'output'`).
import { z } from 'zod';
import { errorCodeSchema } from '../../common/protocol.js';
import type { ResponseSpec, RouteSpec } from './route-spec.js';

/** The error body every 4xx/5xx has, with the codes of `ErrorCode`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** For validation errors: `[{path, message}]`, one per bad field. */
    details: z.unknown().optional(),
  }),
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input (`validation_failed` names every bad field in `details`, or `bad_request`); nothing changed.',
  401: 'No bearer token, or an expired or revoked one (`unauthorized`).',
  403: 'Signed in, but not allowed: not an admin, a disabled agent, or an integration token without the scope (`forbidden`).',
  404: 'No such object in the caller\'s account (`not_found`); another account\'s id is not found either.',
  409: 'Conflicts with the current state (`conflict`), e.g. a duplicate email or removing your own admin role.',
  413: 'Body over 64 KiB (`payload_too_large`).',
  415: 'Body not sent as `application/json` (`bad_request`).',
  429: 'Too many requests (`rate_limited`, or `account_locked` after failed sign-ins); see `retry-after`.',
  500: 'Unexpected error (`internal`); it was logged.',
  503: 'Storage cannot take writes or is unreachable (`unavailable`); nothing changed.',
};

const SECURITY_SCHEMES = {
  sessionToken: {
    type: 'http', scheme: 'bearer',
    description: 'The opaque token from `POST /api/v1/auth/login` (`Authorization: Bearer …`); expires after 30 days, revoked by `POST /api/v1/auth/logout`.',
  },
  integrationToken: {
    type: 'http', scheme: 'bearer',
    description: 'An integration token (SPEC 10, `POST /api/v1/tokens`), sent the same way. The names listed in an operation\'s requirement are the scopes it needs ' +
      '(`presence:read`, `status:write`, `reports:read`, `webhooks:write`); a token without them gets 403.',
  },
} as const;

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** The statuses a route can answer with an error body, beyond its own `errors`. */
export function errorStatuses(spec: RouteSpec): number[] {
  const implied = new Set<number>(spec.errors ?? []);
  // 403 on every signed-in route: a disabled agent, and an integration token without the route's
  // scope (routes naming none refuse every token, SPEC 10).
  if (spec.access !== 'public') [401, 403, 503].forEach((s) => implied.add(s));
  if (spec.body) [400, 413, 415].forEach((s) => implied.add(s));
  if (spec.query) implied.add(400);
  if (/:\w+/.test(spec.path)) implied.add(404);
  implied.add(500);
  return [...implied].sort((a, b) => a - b);
}

const isZod = (r: ResponseSpec | z.ZodType): r is z.ZodType => r instanceof z.ZodType;

export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

function responseObject(r: ResponseSpec | z.ZodType): Json {
  const spec: ResponseSpec = isZod(r) ? { description: 'OK', schema: r } : r;
  const out: Json = { description: spec.description };
  if (spec.headers) out.headers = Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  if (spec.contentType) out.content = { [spec.contentType]: { schema: { type: 'string' } } };
  else if (spec.schema) out.content = { 'application/json': { schema: jsonSchema(spec.schema, 'output'), ...(spec.example !== undefined ? { example: spec.example } : {}) } };
  for (const type of spec.alsoAs ?? []) out.content = { ...(out.content as Json | undefined), [type]: { schema: { type: 'string' } } };
  return out;
}

function operation(spec: RouteSpec): Json {
  const parameters: Json[] = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (spec.query) {
    const q = jsonSchema(spec.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
  }
  const responses: Json = Object.fromEntries(Object.entries(spec.responses).map(([status, r]) => [status, responseObject(r)]));
  for (const status of errorStatuses(spec)) responses[status] = { $ref: `#/components/responses/Error${status}` };
  const who = spec.access === 'public' ? 'Public: no token.' : spec.access === 'admin' ? 'Admins of the account.' : 'Any agent of the account.';
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: [spec.description, `**Who:** ${who}${spec.scope ? ` Integration tokens with scope \`${spec.scope}\`.` : ''}`].filter(Boolean).join('\n\n'),
    tags: [spec.tag],
    security: spec.access === 'public' ? [] : [{ sessionToken: [] }, ...(spec.scope ? [{ integrationToken: [spec.scope] }] : [])],
    'x-access': spec.access,
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input'), ...(spec.bodyExample !== undefined ? { example: spec.bodyExample } : {}) } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(specs: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {};
  for (const spec of specs) (paths[openApiPath(spec.path)] ??= {})[spec.method.toLowerCase()] = operation(spec);
  const statuses = [...new Set(specs.flatMap(errorStatuses))].sort((a, b) => a - b);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agent Presence API',
      version: '1.0.0',
      description: 'Presence for live-chat support teams: agents\' status, the chat box status visitors see, groups and office hours. ' +
        'JSON in and out; every error is `{"error":{"code","message","details"?}}`. The WebSocket protocol (`/ws/agent`, `/ws/widget`) is described in docs/protocol.md.',
    },
    tags: [...new Set(specs.map((s) => s.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
      responses: Object.fromEntries(statuses.map((s) => [`Error${s}`, {
        description: ERROR_DESCRIPTIONS[s] ?? 'Error.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error: { code: exampleCode(s), message: ERROR_DESCRIPTIONS[s]?.split(' (')[0] ?? 'error' } } } },
      }])),
    },
  };
}

function exampleCode(status: number): z.infer<typeof errorCodeSchema> {
  const codes: Record<number, z.infer<typeof errorCodeSchema>> = { 400: 'validation_failed', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 415: 'bad_request', 429: 'rate_limited', 503: 'unavailable' };
  return codes[status] ?? 'internal';
}
