// Groups and membership (read: members; write: admin), scoped to the caller's account.
import type { FastifyInstance } from 'fastify';
import { createGroupBodySchema, groupListSchema, groupMembersBodySchema, groupViewSchema, patchGroupBodySchema } from '../../common/http-schemas.js';
import { ownGroup, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { parse } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';
import { groupView } from './views.js';

const groupResponse = (description: string) => ({ 200: { description, schema: groupViewSchema, example: EXAMPLES.group } });

export function groupRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, {
    method: 'GET', path: '/api/v1/groups', operationId: 'listGroups', tag: 'groups', access: 'agent', scope: 'presence:read',
    summary: 'The account\'s groups', responses: { 200: { description: 'All groups.', schema: groupListSchema, example: { groups: [EXAMPLES.group] } } },
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return { groups: (await ctx.store.listGroups(agent.accountId)).map(groupView) };
  });

  route(app, {
    method: 'POST', path: '/api/v1/groups', operationId: 'createGroup', tag: 'groups', access: 'admin',
    summary: 'Add a group', body: createGroupBodySchema, bodyExample: { name: 'Sales', memberIds: ['agt_7Qm1'] },
    responses: { 201: { description: 'Created.', schema: groupViewSchema, example: EXAMPLES.group } }, errors: [409],
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(createGroupBodySchema, request.body);
    const row = await ctx.store.createGroup(agent.accountId, body.name, body.memberIds);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return reply.code(201).send(groupView(row));
  });

  route(app, {
    method: 'PATCH', path: '/api/v1/groups/:id', operationId: 'renameGroup', tag: 'groups', access: 'admin',
    summary: 'Rename a group', body: patchGroupBodySchema, bodyExample: { name: 'Sales (EU)' }, responses: groupResponse('The group after the change.'), errors: [409],
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(patchGroupBodySchema, request.body);
    await ownGroup(ctx, agent.accountId, id);
    const row = await ctx.store.updateGroup(id, { name: body.name });
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return groupView(row);
  });

  route(app, {
    method: 'PUT', path: '/api/v1/groups/:id/members', operationId: 'setGroupMembers', tag: 'groups', access: 'admin',
    summary: 'Replace a group\'s members', body: groupMembersBodySchema, bodyExample: { agentIds: ['agt_7Qm1', 'agt_2Bc9'] }, responses: groupResponse('The group after the change.'),
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(groupMembersBodySchema, request.body);
    await ownGroup(ctx, agent.accountId, id);
    const row = await ctx.store.setGroupMembers(id, body.agentIds);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return groupView(row);
  });

  route(app, {
    method: 'DELETE', path: '/api/v1/groups/:id', operationId: 'deleteGroup', tag: 'groups', access: 'admin',
    summary: 'Delete a group (its widgets are closed with 4404)', responses: { 204: { description: 'Deleted.' } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownGroup(ctx, agent.accountId, id);
    await ctx.store.deleteGroup(id);
    await ctx.hub.configChanged(agent.accountId, 'groups');
    return reply.code(204).send();
  });
}
