// The engine against a brute-force reference. The reference shares no code with the engine: it
// reads the local wall clock through Intl (not luxon), compares "HH:MM" strings, and finds the
// next change by stepping minute by minute.
import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { isOpen, nextChange, validateOfficeHours, type OfficeHours } from '../../src/common/office-hours.js';
import { wallClock } from '../helpers/wall-clock.js';

const ZONES = ['Europe/Prague', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'] as const;
// Days around the 2026 offset changes of those zones, plus ordinary days and the new year.
const AROUND = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15', '2026-12-31', '2028-02-28'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;
const DAY = 86_400_000;
const WINDOW_MINUTES = 8 * 1440;


function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
}

function startingOn(s: OfficeHours, date: string): { from: string; to: string }[] {
  const ex = s.exceptions?.find((e) => e.date === date);
  if (ex) return ex.intervals;
  return s.weekly[WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!];
}

function referenceIsOpen(s: OfficeHours, ms: number): boolean {
  if (!s.enabled) return true;
  const { date, time } = wallClock(ms, s.timezone);
  for (const iv of startingOn(s, date)) {
    if (iv.from <= time && (iv.to < iv.from || time < iv.to)) return true;
  }
  for (const iv of startingOn(s, previousDate(date))) {
    if (iv.to < iv.from && time < iv.to) return true;
  }
  return false;
}

/** First whole minute after t where the reference flips, or null within the window. */
function referenceNextChange(s: OfficeHours, t: number): number | null {
  const state = referenceIsOpen(s, t);
  let m = Math.floor(t / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < WINDOW_MINUTES; i++, m += MINUTE) {
    if (referenceIsOpen(s, m) !== state) return m;
  }
  return null;
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

// Minute marks, biased towards the hours DST moves (01:00–03:30) and the day's ends.
const mark = fc.oneof(
  fc.integer({ min: 0, max: 1440 }),
  fc.constantFrom(0, 60, 90, 105, 120, 130, 135, 150, 165, 180, 210, 1380, 1440),
);

const dayIntervals = fc
  .record({ marks: fc.uniqueArray(mark, { maxLength: 6 }), overnight: fc.boolean(), spill: fc.integer({ min: 0, max: 300 }) })
  .map(({ marks, overnight, spill }) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const out: { from: string; to: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ from: hhmm(sorted[i]!), to: hhmm(sorted[i + 1]!) });
    const last = out[out.length - 1];
    const lastFrom = sorted[out.length * 2 - 2];
    // Turn the last interval into one that runs past midnight.
    if (overnight && last && lastFrom !== undefined && lastFrom > 0) last.to = hhmm(spill % lastFrom);
    return out;
  });

const scheduleAndInstant = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    around: fc.constantFrom(...AROUND),
    offset: fc.integer({ min: -3 * DAY, max: 3 * DAY }),
    week: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    exceptions: fc.uniqueArray(fc.record({ day: fc.integer({ min: -4, max: 4 }), intervals: dayIntervals }), { maxLength: 3, selector: (e) => e.day }),
  })
  .map(({ zone, around, offset, week, exceptions }) => {
    const base = Date.parse(`${around}T12:00:00Z`);
    const input = {
      enabled: true,
      timezone: zone,
      weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, week[i]!])),
      exceptions: exceptions.map((e) => ({ date: new Date(base + e.day * DAY).toISOString().slice(0, 10), intervals: e.intervals })),
    };
    const r = validateOfficeHours(input);
    return r.ok ? { schedule: r.value, t: base + offset } : null;
  })
  .filter((x): x is { schedule: OfficeHours; t: number } => x !== null);

suite('SPEC 3 office hours: the engine agrees with a minute-by-minute reference', () => {
  it('isOpen matches the reference at the instant and across the following hours', () => {
    fc.assert(
      fc.property(scheduleAndInstant, fc.integer({ min: 1, max: 997 }), ({ schedule, t }, stride) => {
        // 60 probes spread over up to ~4 days, at odd seconds so both sides of boundaries show up.
        for (let k = 0; k < 60; k++) {
          const at = t + k * stride * 97_000;
          expect(isOpen(schedule, at)).toBe(referenceIsOpen(schedule, at));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nextChange is the first minute at which the reference flips', () => {
    fc.assert(
      fc.property(scheduleAndInstant, ({ schedule, t }) => {
        const expected = referenceNextChange(schedule, t);
        const actual = nextChange(schedule, t);
        if (expected !== null) expect(actual).toBe(expected);
        else if (actual !== null) expect(actual).toBeGreaterThan(t + WINDOW_MINUTES * MINUTE);
      }),
      { numRuns: 250 },
    );
  });

  it('nextChange lands exactly on a flip of isOpen, and following it walks through alternating states', () => {
    fc.assert(
      fc.property(scheduleAndInstant, ({ schedule, t }) => {
        let at = t;
        let state = isOpen(schedule, at);
        for (let i = 0; i < 6; i++) {
          const next = nextChange(schedule, at);
          if (next === null) return;
          expect(next).toBeGreaterThan(at);
          expect(isOpen(schedule, next - 1)).toBe(state);
          expect(isOpen(schedule, next)).toBe(!state);
          state = !state;
          at = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
