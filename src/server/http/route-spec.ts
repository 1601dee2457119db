// Describing a route is one declaration next to its handler: `route(app, spec, handler)` registers
// the fastify route and records the spec, and the OpenAPI document (openapi.ts) is built from the
// specs recorded on that app, so a route cannot be served without being described the same way.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { z } from 'zod';

/** Integration-token scopes of SPEC 10; a route names the one it needs (tokens themselves come with SPEC 10). */
export type TokenScope = 'presence:read' | 'status:write' | 'reports:read' | 'webhooks:write';

/** Who may call: nobody signed in (`public`), any agent of the account, or its admins. */
export type Access = 'public' | 'agent' | 'admin';

export interface ResponseSpec {
  description: string;
  /** The JSON body; absent for 204 and 304. */
  schema?: z.ZodType;
  /** A non-JSON body (e.g. Prometheus text); `schema` is then ignored. */
  contentType?: string;
  example?: unknown;
  headers?: Record<string, string>;
  /** Text forms of the same body also served (the reports' `text/csv`, issue 16). */
  alsoAs?: string[];
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** Fastify syntax (`/api/v1/agents/:id`); the document writes `{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** The integration-token scope that also grants access (SPEC 10); none = session tokens only. */
  scope?: TokenScope;
  body?: z.ZodType;
  bodyExample?: unknown;
  query?: z.ZodObject;
  /** Bytes; the server's default (64 KiB) when absent. */
  bodyLimit?: number;
  /** Success responses by status; the error statuses below are added with the shared error body. */
  responses: Record<number, ResponseSpec | z.ZodType>;
  /** Error statuses beyond those implied by `access` and `body` (401/403, 400/413/415, 500/503). */
  errors?: number[];
}

// Keyed by the HTTP server, which plugin (encapsulated) instances share with the root app.
const specs = new WeakMap<object, RouteSpec[]>();

/** Registers a described route. Handlers read params, query and body as before (parse() validates). */
export function route(app: FastifyInstance, spec: RouteSpec, handler: RouteHandlerMethod): void {
  // The scope travels with the route so requireAgent can check an integration token against it.
  app.route({ method: spec.method, url: spec.path, handler, config: { scope: spec.scope ?? null }, ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}) });
  const list = specs.get(app.server) ?? [];
  list.push(spec);
  specs.set(app.server, list);
}

/** Every spec registered on this app, in registration order. */
export function routeSpecs(app: FastifyInstance): readonly RouteSpec[] {
  return specs.get(app.server) ?? [];
}

const seen = new WeakMap<object, { method: string; url: string }[]>();

/**
 * Records every route fastify registers (its `onRoute` hook), described or not, so a test can
 * list the ones under `/api/v1` that the document misses. Call it before registering routes.
 */
export function trackRoutes(app: FastifyInstance): void {
  const list: { method: string; url: string }[] = [];
  seen.set(app.server, list);
  app.addHook('onRoute', (r) => {
    // HEAD routes are fastify's automatic twins of GET routes.
    for (const method of [r.method].flat()) if (method !== 'HEAD') list.push({ method, url: r.url });
  });
}

/** Routes under `prefix` registered on this app but not described with `route()`: should be none. */
export function undescribedRoutes(app: FastifyInstance, prefix = '/api/v1/'): string[] {
  const described = new Set(routeSpecs(app).map((s) => `${s.method} ${s.path}`));
  const all = seen.get(app.server);
  if (!all) throw new Error('routes of this app were not tracked: call trackRoutes(app) before registering routes');
  return all.filter((r) => r.url.startsWith(prefix) && !described.has(`${r.method} ${r.url}`)).map((r) => `${r.method} ${r.url}`);
}
