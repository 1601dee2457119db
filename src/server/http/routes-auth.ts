// Sign-in, sign-out, the signed-in agent and its own status (SPEC 4.3, "self" rows).
import type { FastifyInstance } from 'fastify';
import { agentViewSchema, loginBodySchema, loginResponseSchema, statusBodySchema } from '../../common/http-schemas.js';
import { CloseCode } from '../../common/protocol.js';
import { requireAgent, type RouteContext } from './context.js';
import { leaveRefusal } from '../presence/time-off-guard.js';
import { HttpError, parse, parseUntil } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';
import { accountState, agentView } from './views.js';

const meSchema = agentViewSchema.extend({ accountId: agentViewSchema.shape.id });

export function authRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, {
    method: 'POST', path: '/api/v1/auth/login', operationId: 'login', tag: 'auth', access: 'public',
    summary: 'Sign in with email and password; returns a bearer token',
    description: '401 for a wrong email or password, 403 for a disabled agent, 429 while the email is locked after repeated failures.',
    body: loginBodySchema, bodyExample: { email: 'jana@example.com', password: 'correct horse battery' },
    responses: { 200: { description: 'Signed in.', schema: loginResponseSchema, example: { token: 'sOmEoPaQuEtOkEn', expiresAt: '2027-01-01T09:00:00.000Z', agent: EXAMPLES.agentSelf } } },
    errors: [401, 403, 429],
  }, async (request) => {
    const body = parse(loginBodySchema, request.body);
    const { token, expiresAt, agent } = await ctx.auth.login(body.email, body.password, request.ip);
    return { token, expiresAt: new Date(expiresAt).toISOString(), agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role, groupIds: agent.groupIds } };
  });

  route(app, {
    method: 'POST', path: '/api/v1/auth/logout', operationId: 'logout', tag: 'auth', access: 'agent',
    summary: 'Sign out: revokes this token and closes the devices signed in with it (no grace)',
    responses: { 204: { description: 'Signed out.' } },
  }, async (request, reply) => {
    const { agent, tokenHash } = await requireAgent(ctx, request);
    await ctx.auth.logout(tokenHash);
    // Devices signed in with this token are signed out too: a clean goodbye, no grace.
    ctx.hub.closeAgentDevices(agent.accountId, agent.id, CloseCode.unauthorized, 'signed out', tokenHash);
    return reply.code(204).send();
  });

  route(app, {
    method: 'GET', path: '/api/v1/me', operationId: 'getMe', tag: 'auth', access: 'agent',
    summary: 'The signed-in agent, with its live status',
    responses: { 200: { description: 'The caller.', schema: meSchema, example: { ...EXAMPLES.agent, accountId: 'acc_5fK2' } } },
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return { ...agentView(ctx.hub, accountState(ctx, agent.accountId), agent.id), accountId: agent.accountId };
  });

  route(app, {
    method: 'PUT', path: '/api/v1/agents/me/status', operationId: 'setMyStatus', tag: 'status', access: 'agent',
    summary: 'Set your own status intent; every device and widget follows at once',
    body: statusBodySchema, bodyExample: { status: 'away' },
    description: 'At most 20 changes per agent in 10 s, counted together with its sockets (SPEC 4.1); past that 429 with Retry-After. While the agent is on leave an automatic change to online (any reason but manual) is refused with 409 `on_leave` (SPEC 11).',
    responses: { 200: { description: 'The agent after the change (durable).', schema: agentViewSchema, example: { ...EXAMPLES.agent, intent: 'away', status: 'away', version: 8 } } },
    errors: [409, 429],
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const body = parse(statusBodySchema, request.body);
    const until = parseUntil(body.until, ctx.clock.now());
    const waitMs = ctx.statusLimit.hit(agent.id, ctx.clock.now());
    if (waitMs > 0) throw new HttpError(429, 'rate_limited', 'more than 20 status changes in 10 s', undefined, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
    const onLeave = leaveRefusal(accountState(ctx, agent.accountId), agent.id, body.status, body.reason ?? 'manual', ctx.clock.now());
    if (onLeave) throw new HttpError(409, 'on_leave', onLeave);
    const row = await ctx.hub.setIntent(agent.accountId, agent.id, body.status, body.reason ?? 'manual', { deviceId: null, kind: 'server' }, until === undefined ? {} : { until });
    return agentView(ctx.hub, accountState(ctx, agent.accountId), row.id);
  });
}
