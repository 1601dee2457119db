// The coverage report against a minute-walking reference (issue 16). The reference shares no code
// with the report: it reads the local wall clock through Intl (not luxon), decides "open" by
// comparing "HH:MM" strings, takes the chat box state from the last change at or before each
// minute, and groups minutes by their local date. Events and schedule boundaries sit on whole
// minutes, so both must agree to the second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateOfficeHours, type OfficeHours } from '../../src/common/office-hours.js';
import { coverageReport } from '../../src/common/report-coverage.js';
import { localDays, type ScheduleSpan } from '../../src/common/report-intervals.js';
import { wallClock } from '../helpers/wall-clock.js';

const ZONES = ['Europe/Prague', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'] as const;
// 2026 offset changes of those zones, and ordinary days.
const AROUND = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;
const DAY = 86_400_000;


const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

function startingOn(s: OfficeHours, date: string): { from: string; to: string }[] {
  const ex = s.exceptions?.find((e) => e.date === date);
  if (ex) return ex.intervals;
  return s.weekly[WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!];
}

function refOpen(s: OfficeHours | null, ms: number): boolean {
  if (!s || !s.enabled) return true;
  const { date, time } = wallClock(ms, s.timezone);
  if (startingOn(s, date).some((iv) => iv.from <= time && (iv.to < iv.from || time < iv.to))) return true;
  return startingOn(s, addDays(date, -1)).some((iv) => iv.to < iv.from && time < iv.to);
}

interface RefDay { date: string; minutes: number; open: number; covered: number; gaps: [number, number][] }

/** Minute by minute over the local dates from..to in `zone`. */
function reference(zone: string, from: string, to: string, schedules: ScheduleSpan[], initial: boolean, changes: { at: number; online: boolean }[], now: number): RefDay[] {
  const days = new Map<string, RefDay>();
  for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, { date: d, minutes: 0, open: 0, covered: 0, gaps: [] });
  const start = Date.parse(`${from}T00:00:00Z`) - 15 * 3_600_000;
  const end = Date.parse(`${to}T00:00:00Z`) + 39 * 3_600_000;
  for (let m = start; m < end; m += MINUTE) {
    const day = days.get(wallClock(m, zone).date);
    if (!day) continue;
    day.minutes += 1;
    if (m >= now) continue;
    const hours = [...schedules].reverse().find((s) => s.from <= m) ?? schedules[0]!;
    if (!refOpen(hours.hours, m)) continue;
    day.open += 1;
    const last = [...changes].reverse().find((c) => c.at <= m);
    if (last ? last.online : initial) { day.covered += 1; continue; }
    const gap = day.gaps[day.gaps.length - 1];
    if (gap && gap[1] === m) gap[1] = m + MINUTE;
    else day.gaps.push([m, m + MINUTE]);
  }
  return [...days.values()];
}

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const mark = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 60, 90, 120, 135, 150, 180, 1380, 1440));
const dayIntervals = fc
  .record({ marks: fc.uniqueArray(mark, { maxLength: 4 }), overnight: fc.boolean(), spill: fc.integer({ min: 0, max: 300 }) })
  .map(({ marks, overnight, spill }) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const out: { from: string; to: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ from: hhmm(sorted[i]!), to: hhmm(sorted[i + 1]!) });
    const last = out[out.length - 1];
    const lastFrom = sorted[out.length * 2 - 2];
    if (overnight && last && lastFrom !== undefined && lastFrom > 0) last.to = hhmm(spill % lastFrom);
    return out;
  });

function scheduleArb(zone: string, around: string): fc.Arbitrary<OfficeHours | null> {
  return fc.record({
    enabled: fc.boolean(),
    week: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    exceptions: fc.uniqueArray(fc.record({ day: fc.integer({ min: -2, max: 3 }), intervals: dayIntervals }), { maxLength: 2, selector: (e) => e.day }),
  }).map(({ enabled, week, exceptions }) => {
    const r = validateOfficeHours({
      enabled, timezone: zone,
      weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, week[i]!])),
      exceptions: exceptions.map((e) => ({ date: addDays(around, e.day), intervals: e.intervals })),
    });
    return r.ok ? r.value : null;
  });
}

const scenario = fc.record({ zone: fc.constantFrom(...ZONES), around: fc.constantFrom(...AROUND) }).chain(({ zone, around }) => fc.record({
  zone: fc.constant(zone),
  from: fc.integer({ min: -1, max: 0 }).map((n) => addDays(around, n)),
  length: fc.integer({ min: 0, max: 2 }),
  first: scheduleArb(zone, around),
  second: fc.option(fc.record({ hours: scheduleArb(zone, around), minute: fc.integer({ min: -1440, max: 3 * 1440 }) }), { nil: undefined }),
  initial: fc.boolean(),
  changes: fc.array(fc.record({ minute: fc.integer({ min: -2 * 1440, max: 4 * 1440 }), online: fc.boolean() }), { maxLength: 12 }),
  nowMinute: fc.option(fc.integer({ min: -1440, max: 4 * 1440 }), { nil: undefined }),
  base: fc.constant(Date.parse(`${around}T00:00:00Z`)),
}));

describe('SPEC 9 coverage report = a minute-walking reference', () => {
  it('open, covered, uncovered and gaps per local day, DST days, overnight intervals, exceptions and schedule changes', () => {
    fc.assert(fc.property(scenario, (s) => {
      const to = addDays(s.from, s.length);
      const schedules: ScheduleSpan[] = [{ from: s.base - 10 * DAY, hours: s.first }];
      if (s.second) schedules.push({ from: s.base + s.second.minute * MINUTE, hours: s.second.hours });
      const changes = s.changes.map((c) => ({ at: s.base + c.minute * MINUTE, online: c.online })).sort((a, b) => a.at - b.at);
      // The report is given only the changes inside its range and the state at its start, as the store does.
      const days = localDays(s.from, to, s.zone)!;
      const start = days[0]!.start;
      const before = changes.filter((c) => c.at < start);
      const initial = before.length > 0 ? before[before.length - 1]!.online : s.initial;
      const now = s.nowMinute === undefined ? Infinity : s.base + s.nowMinute * MINUTE;
      const report = coverageReport({ zone: s.zone, days, schedules, initialOnline: initial, changes: changes.filter((c) => c.at >= start), now });
      const ref = reference(s.zone, s.from, to, schedules, s.initial, changes, now);
      expect(report.days.map((d) => d.date)).toEqual(ref.map((d) => d.date));
      ref.forEach((r, i) => {
        const d = report.days[i]!;
        expect((days[i]!.end - days[i]!.start) / MINUTE).toBe(r.minutes);
        expect(d.openSeconds).toBe(r.open * 60);
        expect(d.coveredSeconds).toBe(r.covered * 60);
        expect(d.uncoveredSeconds).toBe((r.open - r.covered) * 60);
        expect(d.gaps.map((g) => [Date.parse(g.from), Date.parse(g.to)])).toEqual(r.gaps);
      });
      const open = ref.reduce((n, r) => n + r.open, 0);
      expect(report.totals.openSeconds).toBe(open * 60);
      expect(report.totals.coverage).toBe(open === 0 ? null : ref.reduce((n, r) => n + r.covered, 0) / open);
    }), { numRuns: 120 });
  });
});
