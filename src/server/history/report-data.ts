// Loads what the pure reports (src/common/report-*.ts) need from the event log: the schedules in
// force, the chat box's or agents' changes in the range, and the state at its start. Instants are
// cut to whole seconds, so a day's covered and uncovered seconds add up to its open seconds.
import { agentsReport, type AgentsReport } from '../../common/report-agents.js';
import { coverageReport, type CoverageReport } from '../../common/report-coverage.js';
import type { LocalDay, ScheduleSpan } from '../../common/report-intervals.js';
import type { OfficeHours } from '../../common/office-hours.js';
import type { Status } from '../../common/protocol.js';
import type { HistoryStore } from './history-store.js';

const sec = (ms: number): number => Math.floor(ms / 1000) * 1000;

export interface CoverageRequest {
  accountId: string;
  /** '' = the website, else a group id. */
  box: string;
  zone: string;
  days: LocalDay[];
  /** The schedule in force now: used when the log has none (before 0005_history was installed). */
  current: OfficeHours | null;
  now: number;
}

export async function loadCoverage(history: HistoryStore, req: CoverageRequest): Promise<CoverageReport> {
  const from = req.days[0]!.start;
  const to = req.days[req.days.length - 1]!.end;
  const [schedules, box] = await Promise.all([history.schedules(req.accountId, req.box, from, to), history.boxEvents(req.accountId, req.box, from, to)]);
  // Before the first recorded schedule, the earliest one known is assumed (docs/reports.md).
  const spans: ScheduleSpan[] = [...(schedules.initial ? [schedules.initial] : []), ...schedules.rows].map((s) => ({ from: s.at, hours: s.hours }));
  if (spans.length === 0) spans.push({ from, hours: req.current });
  return coverageReport({
    zone: req.zone, days: req.days, schedules: spans, now: sec(req.now),
    initialOnline: box.initial?.online ?? false,
    changes: box.rows.map((e) => ({ at: sec(e.at), online: e.online })),
  });
}

export async function loadAgents(history: HistoryStore, req: { agents: { id: string; name: string }[]; zone: string; days: LocalDay[]; now: number }): Promise<AgentsReport> {
  const from = req.days[0]!.start;
  const to = req.days[req.days.length - 1]!.end;
  // One agent after another: on SQLite each read blocks the event loop, so presence traffic gets
  // its turn between agents rather than after all of them.
  const timelines = [];
  for (const a of req.agents) {
    const events = await history.statusChanges(a.id, from, to);
    timelines.push({
      agentId: a.id, name: a.name,
      initial: (events.initial?.status ?? 'offline') as Status,
      changes: events.rows.map((e) => ({ at: sec(e.at), status: e.status })),
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return agentsReport({ zone: req.zone, days: req.days, agents: timelines, now: sec(req.now) });
}
