// Status history and coverage reports (SPEC 9, issue 16). Every report is JSON, or CSV with
// `?format=csv` or `Accept: text/csv`. Days are local dates in the schedule's zone.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agentsCsv, coverageCsv } from '../../common/report-csv.js';
import { localDays, type LocalDay } from '../../common/report-intervals.js';
import type { HistoryStore } from '../history/history-store.js';
import type { AgentEvent } from '../history/history-tables.js';
import { loadAgents, loadCoverage } from '../history/report-data.js';
import { ownAgent, ownGroup, requireAdmin, requireAgent, type RouteContext } from './context.js';
import { HttpError, parse } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';
import { MAX_REPORT_DAYS, agentsReportQuerySchema, agentsReportResponseSchema, coverageQuerySchema, coverageResponseSchema, historyQuerySchema, historyResponseSchema } from './report-schemas.js';
import { accountState } from './views.js';

export type ReportContext = RouteContext;

/**
 * The log, or a 503 when the server was started with `--history-days 0`: an empty log would
 * report every open second as uncovered, which is a wrong answer rather than no answer.
 */
function historyOf(ctx: ReportContext): HistoryStore {
  if (!ctx.history) throw new HttpError(503, 'unavailable', 'status history is off on this server (started with --history-days 0); reports need it on');
  return ctx.history;
}

/** The team's "since": when each agent's current effective status began, from the log. */
export async function withSince<T extends { agents: { id: string; status: string }[] }>(ctx: RouteContext, view: T): Promise<T> {
  const history = ctx.history;
  if (!history) return view;
  const agents = await Promise.all(view.agents.map(async (a) => {
    const at = await history.since(a.id, a.status);
    return { ...a, since: at === null ? null : new Date(at).toISOString() };
  }));
  return { ...view, agents };
}

const DAY_MS = 86_400_000;

const rangeError = (message: string, path: string): HttpError => new HttpError(400, 'validation_failed', `invalid query: ${path}: ${message}`, [{ path, message }]);

function reportDays(from: string, to: string, zone: string): LocalDay[] {
  if (to < from) throw rangeError(`must not be before from (${from})`, 'to');
  const days = localDays(from, to, zone)!;
  if (days.length > MAX_REPORT_DAYS) throw rangeError(`at most ${MAX_REPORT_DAYS} days per request, got ${days.length}`, 'to');
  return days;
}

const wantsCsv = (request: FastifyRequest, format: string | undefined): boolean =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));

function sendCsv(reply: FastifyReply, name: string, body: string): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(body);
}

const eventView = (e: AgentEvent): Record<string, unknown> => ({ ...e, at: new Date(e.at).toISOString() });

const CSV_NOTE = 'With `?format=csv` (or `Accept: text/csv`) the same report as CSV with a header row.';

export function reportRoutes(app: FastifyInstance, ctx: ReportContext): void {
  route(app, {
    method: 'GET', path: '/api/v1/agents/:id/history', operationId: 'getAgentHistory', tag: 'reports', access: 'agent', scope: 'reports:read',
    summary: 'An agent\'s status changes in a time range, oldest first, and the status in force at its start',
    description: 'Admins read any agent of the account; an agent reads its own (`me` works). `to` defaults to now; at most 400 days.',
    query: historyQuerySchema, errors: [403],
    responses: { 200: { description: 'The events.', schema: historyResponseSchema, example: {
      agentId: 'agt_7Qm1', from: '2026-12-02T00:00:00.000Z', to: '2026-12-02T12:00:00.000Z',
      initial: { ...EXAMPLES.historyEvent, at: '2026-12-01T17:31:05.000Z', intent: 'offline', status: 'offline', version: 6, reason: 'quit' },
      events: [EXAMPLES.historyEvent, { ...EXAMPLES.historyEvent, at: '2026-12-02T11:02:40.000Z', status: 'offline', reason: 'grace_expired', by: { deviceId: null, kind: 'server' } }],
    } } },
  }, async (request) => {
    const { agent } = await requireAgent(ctx, request);
    const history = historyOf(ctx);
    const { id: raw } = request.params as { id: string };
    const id = raw === 'me' ? agent.id : raw;
    if (id !== agent.id && agent.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin can read another agent\'s history');
    await ownAgent(ctx, agent.accountId, id);
    const q = parse(historyQuerySchema, request.query, 'query');
    const from = Date.parse(q.from);
    const to = q.to === undefined ? ctx.clock.now() : Date.parse(q.to);
    if (to < from) throw rangeError(`must not be before from (${q.from})`, 'to');
    if (to - from > MAX_REPORT_DAYS * DAY_MS) throw rangeError(`at most ${MAX_REPORT_DAYS} days per request`, 'to');
    // `to` itself is included, so a change made this very millisecond is already there.
    const { initial, rows } = await history.agentEvents(id, from, to + 1);
    return { agentId: id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), initial: initial ? eventView(initial) : null, events: rows.map(eventView) };
  });

  route(app, {
    method: 'GET', path: '/api/v1/reports/coverage', operationId: 'getCoverageReport', tag: 'reports', access: 'admin', scope: 'reports:read',
    summary: 'Per local day: open, covered and uncovered seconds of the website\'s or a group\'s chat box, the gaps, and totals',
    description: `Open = inside office hours (the whole day when they are disabled); covered = open and the chat box online. ${CSV_NOTE}`,
    query: coverageQuerySchema, errors: [404],
    responses: { 200: { description: 'The coverage report.', schema: coverageResponseSchema, alsoAs: ['text/csv'], example: {
      timezone: 'Europe/Prague', group: null, days: [EXAMPLES.coverageDay],
      totals: { openSeconds: 30600, coveredSeconds: 28800, uncoveredSeconds: 1800, coverage: 0.9412 },
    } } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const history = historyOf(ctx);
    const q = parse(coverageQuerySchema, request.query, 'query');
    const state = accountState(ctx, agent.accountId);
    if (q.group !== undefined) await ownGroup(ctx, agent.accountId, q.group);
    const current = state.scheduleOf(q.group ?? null);
    const zone = current?.timezone ?? 'UTC';
    const days = reportDays(q.from, q.to, zone);
    const report = await loadCoverage(history, { accountId: agent.accountId, box: q.group ?? '', zone, days, current, now: ctx.clock.now() });
    if (wantsCsv(request, q.format)) return sendCsv(reply, `coverage-${q.from}-${q.to}`, coverageCsv(report));
    return { ...report, group: q.group ?? null };
  });

  route(app, {
    method: 'GET', path: '/api/v1/reports/agents', operationId: 'getAgentsReport', tag: 'reports', access: 'admin', scope: 'reports:read',
    summary: 'Per agent and local day: seconds effectively online, away and offline, first and last online',
    description: `Days in the account's office-hours zone (UTC without office hours). ${CSV_NOTE}`,
    query: agentsReportQuerySchema,
    responses: { 200: { description: 'The agents report.', schema: agentsReportResponseSchema, alsoAs: ['text/csv'], example: {
      timezone: 'Europe/Prague', agents: [{ agentId: 'agt_7Qm1', name: 'Jana Nováková', days: [EXAMPLES.agentDay] }],
    } } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const history = historyOf(ctx);
    const q = parse(agentsReportQuerySchema, request.query, 'query');
    const state = accountState(ctx, agent.accountId);
    const zone = state.account.officeHours?.timezone ?? 'UTC';
    const days = reportDays(q.from, q.to, zone);
    const agents = [...state.agents.values()].map((a) => ({ id: a.row.id, name: a.row.name })).sort((a, b) => a.name.localeCompare(b.name));
    const report = await loadAgents(history, { agents, zone, days, now: ctx.clock.now() });
    if (wantsCsv(request, q.format)) return sendCsv(reply, `agents-${q.from}-${q.to}`, agentsCsv(report));
    return report;
  });
}
