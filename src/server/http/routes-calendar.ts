// GET /office-hours/calendar (SPEC 11): the plan in force each date of a range, for the account or
// one group (its own schedule, else the account's), with its source (`weekly`, `exception`,
// `holiday`) and the holiday's name. The same pure function (office-hours-calendar.ts) draws the
// dashboard's 60-day view from the same stored schedule, so both agree.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendar } from '../../common/office-hours.js';
import { parseDate } from '../../common/office-hours-time.js';
import { ownGroup, requireAgent, type RouteContext } from './context.js';
import { HttpError, parse } from './errors.js';
import { route } from './route-spec.js';
import { accountState } from './views.js';

export const MAX_CALENDAR_DAYS = 400;

const date = z.string().refine((d) => parseDate(d) !== null, { error: (iss) => `must be a real calendar date "YYYY-MM-DD", got ${JSON.stringify(iss.input)}` });
const calendarQuery = z.strictObject({ from: date, to: date, group: z.string().min(1).max(64).optional() });

export const calendarSchema = z.object({
  timezone: z.string(),
  days: z.array(z.object({
    date: z.string(),
    intervals: z.array(z.object({ from: z.string(), to: z.string() })),
    source: z.enum(['weekly', 'exception', 'holiday']),
    holiday: z.string().optional(),
  })),
});

const example = {
  timezone: 'Europe/Prague',
  days: [
    { date: '2026-12-23', intervals: [{ from: '09:00', to: '17:30' }], source: 'weekly' },
    { date: '2026-12-24', intervals: [], source: 'holiday', holiday: 'Štědrý den' },
  ],
};

export function calendarRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, {
    method: 'GET', path: '/api/v1/office-hours/calendar', operationId: 'getOfficeHoursCalendar', tag: 'office hours', access: 'agent', scope: 'presence:read',
    summary: 'The plan in force each date (weekly, an exception or a public holiday), for the account or a group',
    description: `\`from\` and \`to\` are inclusive local dates in the schedule's zone, at most ${MAX_CALENDAR_DAYS} days. No schedule (or a disabled one) is open all day, every day.`,
    query: calendarQuery,
    responses: { 200: { description: 'One entry per date.', schema: calendarSchema, example } },
    errors: [404],
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const q = parse(calendarQuery, request.query, 'query');
    const span = parseDate(q.to)! - parseDate(q.from)! + 1;
    if (span < 1) throw new HttpError(400, 'validation_failed', 'invalid query: to: must be on or after from', [{ path: 'to', message: 'must be on or after from' }]);
    if (span > MAX_CALENDAR_DAYS) throw new HttpError(400, 'validation_failed', `invalid query: to: at most ${MAX_CALENDAR_DAYS} days from from`, [{ path: 'to', message: `at most ${MAX_CALENDAR_DAYS} days from from` }]);
    if (q.group !== undefined) await ownGroup(ctx, agent.accountId, q.group);
    const schedule = accountState(ctx, agent.accountId).scheduleOf(q.group ?? null);
    return { timezone: schedule?.timezone ?? 'UTC', days: calendar(schedule, q.from, q.to) };
  });
}
