// Public routes: the widget status (CORS open, short cache, ETag, rate limited per IP, 404 for an
// unknown site or group and nothing more), and the operational endpoints.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { RATE_LIMITS } from '../../common/timings.js';
import { KeyedSlidingWindow } from '../rate-limit.js';
import type { RouteContext } from './context.js';
import { HttpError } from './errors.js';

export function publicRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Per IP: small, and enough to stop a naive scraper.
  const limiter = new KeyedSlidingWindow(RATE_LIMITS.publicStatus);

  app.options('/api/v1/widget/:siteKey/status', async (_request, reply) =>
    reply.code(204).headers({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET', 'access-control-max-age': '600' }).send());

  app.get('/api/v1/widget/:siteKey/status', async (request, reply) => {
    void reply.header('access-control-allow-origin', '*');
    const waitMs = limiter.hit(request.ip, ctx.clock.now());
    if (waitMs > 0) throw new HttpError(429, 'rate_limited', 'too many requests; slow down', undefined, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
    const { siteKey } = request.params as { siteKey: string };
    const groupParam = (request.query as { group?: unknown }).group;
    const group = typeof groupParam === 'string' && groupParam !== '' ? groupParam : null;
    const state = ctx.hub.accountBySiteKey(siteKey);
    if (!state || (group !== null && !state.groups.has(group))) throw new HttpError(404, 'not_found', 'unknown site or group');
    const body = JSON.stringify(ctx.hub.widgetStatus(state, group));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    void reply.headers({ etag, 'cache-control': 'public, max-age=5', 'content-type': 'application/json; charset=utf-8' });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(body);
  });

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { ok: true, store: ctx.store.kind };
    } catch (err) {
      return reply.code(503).send({ error: { code: 'unavailable', message: `store unavailable: ${(err as Error).message}` } });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', ctx.metrics.registry.contentType);
    return reply.send(await ctx.metrics.registry.metrics());
  });
}
