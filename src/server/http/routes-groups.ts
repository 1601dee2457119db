// Groups and membership (read: members; write: admin), scoped to the caller's account.
import type { FastifyInstance } from 'fastify';
import { createGroupBodySchema, groupMembersBodySchema, patchGroupBodySchema } from '../../common/http-schemas.js';
import { ownGroup, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { parse } from './errors.js';
import { groupView } from './views.js';

export function groupRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/v1/groups', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return { groups: (await ctx.store.listGroups(agent.accountId)).map(groupView) };
  });

  app.post('/api/v1/groups', async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(createGroupBodySchema, request.body);
    const row = await ctx.store.createGroup(agent.accountId, body.name, body.memberIds);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return reply.code(201).send(groupView(row));
  });

  app.patch('/api/v1/groups/:id', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(patchGroupBodySchema, request.body);
    await ownGroup(ctx, agent.accountId, id);
    const row = await ctx.store.updateGroup(id, { name: body.name });
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return groupView(row);
  });

  app.put('/api/v1/groups/:id/members', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(groupMembersBodySchema, request.body);
    await ownGroup(ctx, agent.accountId, id);
    const row = await ctx.store.setGroupMembers(id, body.agentIds);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return groupView(row);
  });

  app.delete('/api/v1/groups/:id', async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownGroup(ctx, agent.accountId, id);
    await ctx.store.deleteGroup(id);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return reply.code(204).send();
  });
}
