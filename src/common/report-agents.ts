// The per-agent report (SPEC 9): per agent and local day, seconds effectively online, away and
// offline, and the first and last instants online. Pure, like report-coverage.ts.
import type { Status } from './protocol.js';
import { isoIn, perDay, stateSpans, totalMs, type LocalDay, type Span } from './report-intervals.js';

export interface AgentTimeline {
  agentId: string;
  name: string;
  /** The effective status at the first day's start (offline when nothing is known). */
  initial: Status;
  changes: readonly { at: number; status: Status }[];
}

export interface AgentDay {
  date: string;
  onlineSeconds: number;
  awaySeconds: number;
  offlineSeconds: number;
  firstOnline: string | null;
  lastOnline: string | null;
}

export interface AgentsReport {
  timezone: string;
  agents: { agentId: string; name: string; days: AgentDay[] }[];
}

const seconds = (ms: number): number => Math.round(ms / 1000);

export function agentsReport(input: { zone: string; days: readonly LocalDay[]; agents: readonly AgentTimeline[]; now: number }): AgentsReport {
  const { zone, days, now } = input;
  const range: Span = { from: days[0]?.start ?? 0, to: Math.min(days[days.length - 1]?.end ?? 0, now) };
  const spansOf = (a: AgentTimeline, status: Status): Span[] =>
    range.from < range.to ? stateSpans(a.initial === status, a.changes.map((c) => ({ at: c.at, on: c.status === status })), range) : [];
  return {
    timezone: zone,
    agents: input.agents.map((a) => {
      const [online, away, offline] = (['online', 'away', 'offline'] as const).map((st) => perDay(spansOf(a, st), days));
      return {
        agentId: a.agentId, name: a.name,
        days: days.map((day, i): AgentDay => {
          const on = online![i]!;
          return {
            date: day.date,
            onlineSeconds: seconds(totalMs(on)),
            awaySeconds: seconds(totalMs(away![i]!)),
            offlineSeconds: seconds(totalMs(offline![i]!)),
            firstOnline: on.length > 0 ? isoIn(on[0]!.from, zone) : null,
            lastOnline: on.length > 0 ? isoIn(on[on.length - 1]!.to, zone) : null,
          };
        }),
      };
    }),
  };
}
