// Public routes: the widget status (CORS open, short cache, ETag, rate limited per IP, 404 for an
// unknown site or group and nothing more), and the operational endpoints.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { singleGroupParam } from '../../common/input-rules.js';
import { widgetStatusSchema } from '../../common/protocol.js';
import { RATE_LIMITS } from '../../common/timings.js';
import { KeyedSlidingWindow } from '../rate-limit.js';
import type { RouteContext } from './context.js';
import { HttpError } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';

const widgetQuery = z.object({ group: z.string().optional().describe('A group id of the site; absent or empty = the whole website; repeated or bracketed (`group[]`) is 400.') });
const okSchema = z.object({ ok: z.literal(true) });
const readySchema = z.object({ ok: z.literal(true), store: z.enum(['sqlite', 'postgres']) });

export function publicRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Per IP: small, and enough to stop a naive scraper.
  const limiter = new KeyedSlidingWindow(RATE_LIMITS.publicStatus);

  route(app, {
    method: 'OPTIONS', path: '/api/v1/widget/:siteKey/status', operationId: 'widgetStatusPreflight', tag: 'widget', access: 'public',
    summary: 'CORS preflight for the public status', responses: { 204: { description: 'Any origin may GET.', headers: { 'access-control-allow-origin': '`*`' } } },
  }, async (_request, reply) =>
    reply.code(204).headers({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET', 'access-control-max-age': '600' }).send());

  route(app, {
    method: 'GET', path: '/api/v1/widget/:siteKey/status', operationId: 'getWidgetStatus', tag: 'widget', access: 'public',
    summary: 'What visitors see: the chat box status of a site or one of its groups (CORS open, 5 s cache, ETag)',
    description: 'The same body the widget socket `/ws/widget` sends. Reveals no agent names, ids or counts. Rate limited per IP.',
    query: widgetQuery,
    responses: {
      200: { description: 'The status now.', schema: widgetStatusSchema, headers: { etag: 'Send it back as `if-none-match`.', 'cache-control': '`public, max-age=5`' },
        example: { type: 'chatBox.status', site: 'site_x9Lr2', group: null, ...EXAMPLES.chatBoxClosed, messages: { offline: 'We are away. Leave a message and we will write back.' }, whenOffline: 'message', at: '2026-12-02T18:00:00.000+01:00' } },
      304: { description: 'Unchanged since the `if-none-match` ETag.' },
    },
    errors: [400, 404, 429],
  }, async (request, reply) => {
    void reply.header('access-control-allow-origin', '*');
    const waitMs = limiter.hit(request.ip, ctx.clock.now());
    if (waitMs > 0) throw new HttpError(429, 'rate_limited', 'too many requests; slow down', undefined, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
    const { siteKey } = request.params as { siteKey: string };
    const param = singleGroupParam(request.query as Record<string, unknown>);
    if (!param.ok) throw new HttpError(400, 'validation_failed', `invalid query: group: ${param.message}`, [{ path: 'group', message: param.message }]);
    const { group } = param;
    const state = await ctx.hub.ensureBySite(siteKey);
    if (!state || (group !== null && !state.groups.has(group))) throw new HttpError(404, 'not_found', 'unknown site or group');
    const body = JSON.stringify(ctx.hub.widgetStatus(state, group));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    void reply.headers({ etag, 'cache-control': 'public, max-age=5', 'content-type': 'application/json; charset=utf-8' });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(body);
  });

  route(app, {
    method: 'GET', path: '/healthz', operationId: 'healthz', tag: 'operations', access: 'public',
    summary: 'Liveness: the process answers', responses: { 200: { description: 'Alive.', schema: okSchema, example: { ok: true } } },
  }, async () => ({ ok: true }));

  route(app, {
    method: 'GET', path: '/readyz', operationId: 'readyz', tag: 'operations', access: 'public',
    summary: 'Readiness: the store answers and its data directory takes writes', responses: { 200: { description: 'Ready.', schema: readySchema, example: { ok: true, store: 'sqlite' } } }, errors: [503],
  }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      await ctx.writeProbe?.();
      return { ok: true, store: ctx.store.kind };
    } catch (err) {
      return reply.code(503).send({ error: { code: 'unavailable', message: `store unavailable: ${(err as Error).message}` } });
    }
  });

  route(app, {
    method: 'GET', path: '/metrics', operationId: 'metrics', tag: 'operations', access: 'public',
    summary: 'Prometheus metrics', responses: { 200: { description: 'Prometheus text exposition format.', contentType: 'text/plain' } },
  }, async (_request, reply) => {
    void reply.header('content-type', ctx.metrics.registry.contentType);
    return reply.send(await ctx.metrics.registry.metrics());
  });
}
