// Team management (admin) and GET /presence (members). Every lookup is scoped to the caller's
// account: an id of another account is simply "not found".
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agentViewSchema, createAgentBodySchema, patchAgentBodySchema, presenceViewSchema, statusBodySchema } from '../../common/http-schemas.js';
import { CloseCode } from '../../common/protocol.js';
import { hashPassword } from '../passwords.js';
import { ownAgent, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { HttpError, parse, parseUntil } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';
import { withSince } from './routes-reports.js';
import { accountState, agentView, agentViews, presenceView } from './views.js';

const agentListSchema = z.object({ agents: z.array(agentViewSchema) });

export function agentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, {
    method: 'GET', path: '/api/v1/presence', operationId: 'getPresence', tag: 'presence', access: 'agent', scope: 'presence:read',
    summary: 'Every agent\'s effective status, intent and device count, and the website and group chat box status',
    responses: { 200: { description: 'The team and the chat boxes now.', schema: presenceViewSchema, example: { agents: [EXAMPLES.agent], website: EXAMPLES.chatBoxOnline, groups: { grp_sales: EXAMPLES.chatBoxOnline } } } },
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return withSince(ctx, presenceView(ctx.hub, accountState(ctx, agent.accountId)));
  });

  route(app, {
    method: 'GET', path: '/api/v1/agents', operationId: 'listAgents', tag: 'agents', access: 'admin', scope: 'presence:read',
    summary: 'The account\'s agents', responses: { 200: { description: 'All agents.', schema: agentListSchema, example: { agents: [EXAMPLES.agent] } } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    return { agents: agentViews(ctx.hub, accountState(ctx, agent.accountId)) };
  });

  route(app, {
    method: 'POST', path: '/api/v1/agents', operationId: 'createAgent', tag: 'agents', access: 'admin',
    summary: 'Add an agent', body: createAgentBodySchema,
    bodyExample: { email: 'petr@example.com', name: 'Petr Svoboda', password: 'at least 8 chars', role: 'agent', groupIds: ['grp_sales'] },
    responses: { 201: { description: 'Created.', schema: agentViewSchema, example: { ...EXAMPLES.agent, id: 'agt_2Bc9', email: 'petr@example.com', name: 'Petr Svoboda', intent: 'offline', status: 'offline', version: 0, devices: 0, deviceKinds: [] } } },
    errors: [409],
  }, async (request, reply) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const body = parse(createAgentBodySchema, request.body);
    const row = await ctx.store.createAgent(admin.accountId, { email: body.email, name: body.name, role: body.role, groupIds: body.groupIds, passwordHash: await hashPassword(body.password) });
    await ctx.hub.configChanged(admin.accountId, 'agent');
    return reply.code(201).send(agentView(ctx.hub, accountState(ctx, admin.accountId), row.id));
  });

  route(app, {
    method: 'PATCH', path: '/api/v1/agents/:id', operationId: 'updateAgent', tag: 'agents', access: 'admin',
    summary: 'Change an agent (disabling or a new password also signs it out everywhere)', body: patchAgentBodySchema, bodyExample: { disabled: true },
    responses: { 200: { description: 'The agent after the change.', schema: agentViewSchema, example: { ...EXAMPLES.agent, disabled: true, status: 'offline', devices: 0, deviceKinds: [] } } },
    errors: [409],
  }, async (request) => {
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

  route(app, {
    method: 'DELETE', path: '/api/v1/agents/:id', operationId: 'deleteAgent', tag: 'agents', access: 'admin',
    summary: 'Delete an agent', responses: { 204: { description: 'Deleted.' } }, errors: [409],
  }, async (request, reply) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownAgent(ctx, admin.accountId, id);
    if (id === admin.id) throw new HttpError(409, 'conflict', 'you cannot delete yourself');
    await ctx.store.deleteAgent(id);
    await ctx.hub.configChanged(admin.accountId, 'agent');
    return reply.code(204).send();
  });

  // The "forgot to go offline" fix: an admin sets any agent of the account offline (or back).
  route(app, {
    method: 'PUT', path: '/api/v1/agents/:id/status', operationId: 'setAgentStatus', tag: 'status', access: 'admin', scope: 'status:write',
    summary: 'Set any agent\'s status intent (the "forgot to go offline" fix)', body: statusBodySchema, bodyExample: { status: 'offline' },
    responses: { 200: { description: 'The agent after the change (durable).', schema: agentViewSchema, example: { ...EXAMPLES.agent, intent: 'offline', status: 'offline', version: 8 } } },
  }, async (request) => {
    const { agent: admin } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(statusBodySchema, request.body);
    const until = parseUntil(body.until, ctx.clock.now());
    await ownAgent(ctx, admin.accountId, id);
    await ctx.hub.setIntent(admin.accountId, id, body.status, 'admin', { deviceId: null, kind: 'server' }, until === undefined ? {} : { until });
    return agentView(ctx.hub, accountState(ctx, admin.accountId), id);
  });
}
