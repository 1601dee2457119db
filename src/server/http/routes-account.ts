// The account (name, whenOffline, read-only siteKey) and office hours (SPEC 3), account-wide and
// per group (`null` = inherit the account's). A rejected write changes nothing.
import type { FastifyInstance } from 'fastify';
import { accountPatchBodySchema, accountViewSchema } from '../../common/http-schemas.js';
import { OFFICE_HOURS_BODY_LIMIT, officeHoursSchema, validateOfficeHours, type OfficeHours } from '../../common/office-hours.js';
import { checkHolidays, resolveHolidays } from '../office-hours/holidays.js';
import type { AccountRow } from '../store/store.js';
import { ownGroup, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { HttpError, notFound, parse } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route, type RouteSpec } from './route-spec.js';

const accountView = (a: AccountRow) => ({ id: a.id, name: a.name, siteKey: a.siteKey, whenOffline: a.whenOffline, alerts: a.alerts });

/** Validates a schedule and resolves its public holidays into dates (issue 18, office-hours/holidays.ts). */
function parseSchedule(input: unknown, allowNull: boolean, now: number): OfficeHours | null {
  if (input === null && allowNull) return null;
  const result = validateOfficeHours(input);
  const issues = result.ok ? checkHolidays(result.value.holidays) : result.issues;
  if (!result.ok || issues.length > 0) {
    throw new HttpError(400, 'validation_failed', issues.map((i) => i.message).join('; '), issues);
  }
  return resolveHolidays(result.value, now);
}

const schedule = officeHoursSchema.nullable();
const accountResponse = { 200: { description: 'The account.', schema: accountViewSchema, example: EXAMPLES.account } };
const hoursResponse = (description: string): RouteSpec['responses'] => ({ 200: { description, schema: schedule, example: EXAMPLES.officeHours } });
const hoursNote = 'Times are local wall-clock times in `timezone` (SPEC 3); `to` earlier than `from` runs past midnight. `holidays: {country, region?}` closes that country\'s public holidays all day unless an exception for the date says otherwise (SPEC 11); the server fills `holidays.resolved` with the dates (last year to the year after next).';

export function accountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, {
    method: 'GET', path: '/api/v1/account', operationId: 'getAccount', tag: 'account', access: 'agent', scope: 'presence:read',
    summary: 'The account (name, what an offline chat box does, the public siteKey)', responses: accountResponse,
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const row = await ctx.store.getAccount(agent.accountId);
    if (!row) throw notFound('account');
    return accountView(row);
  });

  route(app, {
    method: 'PATCH', path: '/api/v1/account', operationId: 'updateAccount', tag: 'account', access: 'admin',
    summary: 'Rename the account or choose what an offline chat box does', body: accountPatchBodySchema, bodyExample: { whenOffline: 'hide' }, responses: accountResponse,
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(accountPatchBodySchema, request.body);
    const row = await ctx.store.updateAccount(agent.accountId, body);
    await ctx.hub.configChanged(agent.accountId, 'account');
    return accountView(row);
  });

  route(app, {
    method: 'GET', path: '/api/v1/office-hours', operationId: 'getOfficeHours', tag: 'office hours', access: 'agent', scope: 'presence:read',
    summary: 'The account\'s office hours (null: none set, always open)', description: hoursNote, responses: hoursResponse('The schedule, or null.'),
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return (await ctx.store.getAccount(agent.accountId))?.officeHours ?? null;
  });

  route(app, {
    method: 'PUT', path: '/api/v1/office-hours', operationId: 'setOfficeHours', tag: 'office hours', access: 'admin',
    summary: 'Replace the account\'s office hours (null removes them)', description: `${hoursNote} A rejected schedule names the field and changes nothing.`,
    body: schedule, bodyLimit: OFFICE_HOURS_BODY_LIMIT, bodyExample: EXAMPLES.officeHours, responses: hoursResponse('The stored schedule.'),
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const schedule = parseSchedule(request.body, true, ctx.clock.now());
    const row = await ctx.store.updateAccount(agent.accountId, { officeHours: schedule });
    await ctx.hub.configChanged(agent.accountId, 'officeHours');
    return row.officeHours;
  });

  route(app, {
    method: 'GET', path: '/api/v1/groups/:id/office-hours', operationId: 'getGroupOfficeHours', tag: 'office hours', access: 'agent', scope: 'presence:read',
    summary: 'A group\'s own office hours (null: inherits the account\'s)', description: hoursNote, responses: hoursResponse('The schedule, or null to inherit.'),
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    return (await ownGroup(ctx, agent.accountId, (request.params as { id: string }).id)).officeHours;
  });

  route(app, {
    method: 'PUT', path: '/api/v1/groups/:id/office-hours', operationId: 'setGroupOfficeHours', tag: 'office hours', access: 'admin',
    summary: 'Give a group its own office hours (null: inherit the account\'s)', description: hoursNote,
    body: schedule, bodyLimit: OFFICE_HOURS_BODY_LIMIT, bodyExample: EXAMPLES.officeHours, responses: hoursResponse('The stored schedule, or null.'),
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await ownGroup(ctx, agent.accountId, id);
    const schedule = parseSchedule(request.body, true, ctx.clock.now());
    const row = await ctx.store.updateGroup(id, { officeHours: schedule });
    await ctx.hub.configChanged(agent.accountId, 'officeHours');
    return row.officeHours;
  });
}
