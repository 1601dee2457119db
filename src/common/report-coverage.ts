// The coverage report (SPEC 9): per local day of the schedule's zone, how long the chat box was
// supposed to be open, how much of that it was online (covered), and the gaps. Pure: the server
// hands in the schedules in force, the chat box's recorded changes and "now".
import { intersect, isoIn, openSpans, perDay, stateSpans, subtract, totalMs, type LocalDay, type ScheduleSpan, type Span } from './report-intervals.js';

export interface CoverageInput {
  zone: string;
  days: readonly LocalDay[];
  schedules: readonly ScheduleSpan[];
  /** The chat box's state at the first day's start (false when nothing is known). */
  initialOnline: boolean;
  changes: readonly { at: number; online: boolean }[];
  /** The current day counts up to now; later instants count nothing. */
  now: number;
}

export interface CoverageDay {
  date: string;
  openSeconds: number;
  coveredSeconds: number;
  uncoveredSeconds: number;
  gaps: { from: string; to: string }[];
}

export interface CoverageReport {
  timezone: string;
  days: CoverageDay[];
  totals: { openSeconds: number; coveredSeconds: number; uncoveredSeconds: number; coverage: number | null };
}

const seconds = (ms: number): number => Math.round(ms / 1000);

/** Seconds as h:mm:ss (hours may pass 24 in totals): the same in every language. */
export function formatHms(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const { zone, days, now } = input;
  const first = days[0];
  const range: Span = { from: first?.start ?? 0, to: Math.min(days[days.length - 1]?.end ?? 0, now) };
  const open = range.from < range.to ? openSpans(input.schedules, range) : [];
  const online = range.from < range.to ? stateSpans(input.initialOnline, input.changes.map((c) => ({ at: c.at, on: c.online })), range) : [];
  const covered = intersect(open, online);
  const uncovered = subtract(open, online);
  const [openByDay, coveredByDay, gapsByDay] = [open, covered, uncovered].map((spans) => perDay(spans, days));
  const out = days.map((day, i): CoverageDay => {
    const gaps = gapsByDay![i]!;
    return {
      date: day.date,
      openSeconds: seconds(totalMs(openByDay![i]!)),
      coveredSeconds: seconds(totalMs(coveredByDay![i]!)),
      uncoveredSeconds: seconds(totalMs(gaps)),
      gaps: gaps.map((g) => ({ from: isoIn(g.from, zone), to: isoIn(g.to, zone) })),
    };
  });
  const sum = (k: 'openSeconds' | 'coveredSeconds' | 'uncoveredSeconds'): number => out.reduce((s, d) => s + d[k], 0);
  const openSeconds = sum('openSeconds');
  const coveredSeconds = sum('coveredSeconds');
  return {
    timezone: zone,
    days: out,
    totals: { openSeconds, coveredSeconds, uncoveredSeconds: sum('uncoveredSeconds'), coverage: openSeconds === 0 ? null : coveredSeconds / openSeconds },
  };
}
