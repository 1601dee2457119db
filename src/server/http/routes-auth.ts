// Sign-in, sign-out, the signed-in agent and its own status (SPEC 4.3, "self" rows).
import type { FastifyInstance } from 'fastify';
import { loginBodySchema, statusBodySchema } from '../../common/http-schemas.js';
import { CloseCode } from '../../common/protocol.js';
import { requireAgent, type RouteContext } from './context.js';
import { HttpError, parse, parseUntil } from './errors.js';
import { accountState, agentView } from './views.js';

export function authRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/api/v1/auth/login', async (request) => {
    const body = parse(loginBodySchema, request.body);
    const { token, expiresAt, agent } = await ctx.auth.login(body.email, body.password, request.ip);
    return { token, expiresAt: new Date(expiresAt).toISOString(), agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role, groupIds: agent.groupIds } };
  });

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const { agent, tokenHash } = await requireAgent(ctx, request);
    await ctx.auth.logout(tokenHash);
    // Devices signed in with this token are signed out too: a clean goodbye, no grace.
    ctx.hub.closeAgentDevices(agent.accountId, agent.id, CloseCode.unauthorized, 'signed out', tokenHash);
    return reply.code(204).send();
  });

  app.get('/api/v1/me', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return { ...agentView(ctx.hub, accountState(ctx, agent.accountId), agent.id), accountId: agent.accountId };
  });

  app.put('/api/v1/agents/me/status', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const body = parse(statusBodySchema, request.body);
    const until = parseUntil(body.until, ctx.clock.now());
    const waitMs = ctx.statusLimit.hit(agent.id, ctx.clock.now());
    if (waitMs > 0) throw new HttpError(429, 'rate_limited', 'more than 20 status changes in 10 s', undefined, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
    const row = await ctx.hub.setIntent(agent.accountId, agent.id, body.status, body.reason ?? 'manual', { deviceId: null, kind: 'server' }, until === undefined ? {} : { until });
    return agentView(ctx.hub, accountState(ctx, agent.accountId), row.id);
  });
}
