// Time off (SPEC 11): GET,PUT /agents/:id/time-off for an admin of the account or the agent itself
// (`me` names the caller). Periods are inclusive local dates in the account's zone; a rejected
// list names the field and changes nothing. Every node reloads the agent (config `agent`), so the
// refusal of automatic changes to online holds wherever the agent's devices are connected.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { leaveZone, timeOffSchema } from '../../common/time-off.js';
import { agentLeaveUntil } from '../presence/time-off-guard.js';
import type { AgentRow } from '../store/store.js';
import { ownAgent, requireAgent, type RouteContext } from './context.js';
import { HttpError, parse } from './errors.js';
import { route } from './route-spec.js';
import { accountState } from './views.js';

export const timeOffViewSchema = z.object({
  periods: z.array(z.object({ from: z.string(), to: z.string(), note: z.string().optional() })),
  /** The zone the dates are in: the account's office hours zone, else UTC. */
  timezone: z.string(),
  /** The last day of the leave in force today, null when the agent is not on leave. */
  leaveUntil: z.string().nullable(),
});

const example = { periods: [{ from: '2026-12-21', to: '2027-01-01', note: 'Holidays' }], timezone: 'Europe/Prague', leaveUntil: null };
const description = 'For an admin of the account or the agent itself (`me` is the caller). Dates are inclusive, in the account\'s zone (its office hours\' zone, else UTC). While on leave nothing automatic puts the agent online.';

export function timeOffRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const target = async (request: { headers: Record<string, unknown>; params: unknown }): Promise<AgentRow> => {
    const { agent } = await requireAgent(ctx, request as never);
    const raw = (request.params as { id: string }).id;
    const id = raw === 'me' ? agent.id : raw;
    const row = await ownAgent(ctx, agent.accountId, id);
    if (id !== agent.id && agent.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin or the agent itself can see or change its time off');
    return row;
  };
  const view = (row: AgentRow) => {
    const state = accountState(ctx, row.accountId);
    return { periods: row.timeOff, timezone: leaveZone(state.account.officeHours), leaveUntil: agentLeaveUntil(state, row, ctx.clock.now()) };
  };

  route(app, {
    method: 'GET', path: '/api/v1/agents/:id/time-off', operationId: 'getTimeOff', tag: 'agents', access: 'agent',
    summary: 'An agent\'s time off', description, responses: { 200: { description: 'The periods and the leave in force today.', schema: timeOffViewSchema, example } }, errors: [403, 404],
  }, async (request) => view(await target(request)));

  route(app, {
    method: 'PUT', path: '/api/v1/agents/:id/time-off', operationId: 'setTimeOff', tag: 'agents', access: 'agent',
    summary: 'Replace an agent\'s time off (an empty list removes it)', description,
    body: timeOffSchema, bodyExample: { periods: example.periods },
    responses: { 200: { description: 'The stored periods.', schema: timeOffViewSchema, example } }, errors: [403, 404],
  }, async (request) => {
    const row = await target(request);
    const body = parse(timeOffSchema, request.body);
    const periods = [...body.periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    const saved = await ctx.store.setTimeOff(row.id, periods.map((p) => (p.note ? p : { from: p.from, to: p.to })));
    await ctx.hub.configChanged(row.accountId, 'agent');
    return view(saved);
  });
}
