// Team management (admin) and GET /presence (members). Every lookup is scoped to the caller's
// account: an id of another account is simply "not found".
import type { FastifyInstance } from 'fastify';
import { createAgentBodySchema, patchAgentBodySchema, statusBodySchema } from '../../common/http-schemas.js';
import { CloseCode } from '../../common/protocol.js';
import { hashPassword } from '../passwords.js';
import { ownAgent, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { HttpError, parse, parseUntil } from './errors.js';
import { accountState, agentView, agentViews, presenceView } from './views.js';

export function agentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/v1/presence', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return presenceView(ctx.hub, accountState(ctx, agent.accountId));
  });

  app.get('/api/v1/agents', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    return { agents: agentViews(ctx.hub, accountState(ctx, agent.accountId)) };
  });

  app.post('/api/v1/agents', async (request, reply) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const body = parse(createAgentBodySchema, request.body);
    const row = await ctx.store.createAgent(admin.accountId, { email: body.email, name: body.name, role: body.role, groupIds: body.groupIds, passwordHash: await hashPassword(body.password) });
    await ctx.hub.configChanged(admin.accountId, 'agent');
    return reply.code(201).send(agentView(ctx.hub, accountState(ctx, admin.accountId), row.id));
  });

  app.patch('/api/v1/agents/:id', async (request) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(patchAgentBodySchema, request.body);
    await ownAgent(ctx, admin.accountId, id);
    if (id === admin.id && (body.disabled === true || body.role === 'agent')) {
      throw new HttpError(409, 'conflict', 'you cannot disable yourself or remove your own admin role; ask another admin');
    }
    const { password, ...rest } = body;
    await ctx.store.updateAgent(id, { ...rest, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) });
    if (body.disabled === true || password !== undefined) await ctx.store.revokeAgentTokens(id);
    await ctx.hub.configChanged(admin.accountId, 'agent');
    if (body.disabled === true) ctx.hub.closeAgentDevices(admin.accountId, id, CloseCode.forbidden, 'agent disabled');
    // Every token of the agent was just revoked: its open sockets go too, on every node (issue 19).
    else if (password !== undefined) ctx.hub.closeAgentDevices(admin.accountId, id, CloseCode.unauthorized, 'password changed; sign in again');
    return agentView(ctx.hub, accountState(ctx, admin.accountId), id);
  });

  app.delete('/api/v1/agents/:id', async (request, reply) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownAgent(ctx, admin.accountId, id);
    if (id === admin.id) throw new HttpError(409, 'conflict', 'you cannot delete yourself');
    await ctx.store.deleteAgent(id);
    await ctx.hub.configChanged(admin.accountId, 'agent');
    return reply.code(204).send();
  });

  // The "forgot to go offline" fix: an admin sets any agent of the account offline (or back).
  app.put('/api/v1/agents/:id/status', async (request) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(statusBodySchema, request.body);
    const until = parseUntil(body.until, ctx.clock.now());
    await ownAgent(ctx, admin.accountId, id);
    await ctx.hub.setIntent(admin.accountId, id, body.status, 'admin', { deviceId: null, kind: 'server' }, until === undefined ? {} : { until });
    return agentView(ctx.hub, accountState(ctx, admin.accountId), id);
  });
}
