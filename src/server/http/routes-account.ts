// The account (name, whenOffline, read-only siteKey) and office hours (SPEC 3), account-wide and
// per group (`null` = inherit the account's). A rejected write changes nothing.
import type { FastifyInstance } from 'fastify';
import { accountPatchBodySchema } from '../../common/http-schemas.js';
import { validateOfficeHours, type OfficeHours } from '../../common/office-hours.js';
import type { AccountRow } from '../store/store.js';
import { ownGroup, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { HttpError, notFound, parse } from './errors.js';

const accountView = (a: AccountRow) => ({ id: a.id, name: a.name, siteKey: a.siteKey, whenOffline: a.whenOffline });

function parseSchedule(input: unknown, allowNull: boolean): OfficeHours | null {
  if (input === null && allowNull) return null;
  const result = validateOfficeHours(input);
  if (!result.ok) {
    throw new HttpError(400, 'validation_failed', result.issues.map((i) => i.message).join('; '), result.issues);
  }
  return result.value;
}

export function accountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/v1/account', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const row = await ctx.store.getAccount(agent.accountId);
    if (!row) throw notFound('account');
    return accountView(row);
  });

  app.patch('/api/v1/account', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(accountPatchBodySchema, request.body);
    const row = await ctx.store.updateAccount(agent.accountId, body);
    await ctx.hub.configChanged(agent.accountId, 'account');
    return accountView(row);
  });

  app.get('/api/v1/office-hours', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return (await ctx.store.getAccount(agent.accountId))?.officeHours ?? null;
  });

  app.put('/api/v1/office-hours', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const schedule = parseSchedule(request.body, true);
    const row = await ctx.store.updateAccount(agent.accountId, { officeHours: schedule });
    await ctx.hub.configChanged(agent.accountId, 'officeHours');
    return row.officeHours;
  });

  app.get('/api/v1/groups/:id/office-hours', async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return (await ownGroup(ctx, agent.accountId, (request.params as { id: string }).id)).officeHours;
  });

  app.put('/api/v1/groups/:id/office-hours', async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownGroup(ctx, agent.accountId, id);
    const schedule = parseSchedule(request.body, true);
    const row = await ctx.store.updateGroup(id, { officeHours: schedule });
    await ctx.hub.configChanged(agent.accountId, 'officeHours');
    return row.officeHours;
  });
}
