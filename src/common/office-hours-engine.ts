// Evaluation of office hours (SPEC 3). The open set is defined on wall-clock time: an instant is
// open when its local date and time fall inside an interval that starts on that date (or on the
// day before, for an overnight interval). Between two UTC-offset transitions wall time runs in
// step with real time, so within such a segment the open set is the wall-time set shifted by the
// offset. That one rule yields both DST behaviours: a skipped wall time is never reached, and a
// repeated wall hour is inside an interval each time it occurs.
import type { OfficeHours } from './office-hours.js';
import { DAYS, DAY_MS, MINUTE_MS, intervalEnd, parseDate, parseHHMM, weekdayOf } from './office-hours-time.js';
import { nextTransition, offsetAt } from './tz-offsets.js';

const SEARCH_DAYS = 366;

interface Compiled {
  zone: string;
  /** Per weekday (0 = Monday): flat [startMs, endMs, …] since local midnight, sorted by start. */
  weekly: number[][];
  /** Exceptions by local day number, same layout. */
  exceptions: Map<number, number[]>;
  /** Public holidays (server-resolved dates) by local day number: closed all day unless an exception says otherwise. */
  holidays: Set<number>;
}

const CLOSED: number[] = [];

const compiledCache = new WeakMap<OfficeHours, Compiled>();

function flatten(intervals: readonly { from: string; to: string }[]): number[] {
  const spans = intervals.map((iv) => {
    const from = parseHHMM(iv.from);
    return [from * MINUTE_MS, intervalEnd(from, parseHHMM(iv.to)) * MINUTE_MS] as const;
  });
  spans.sort((a, b) => a[0] - b[0]);
  return spans.flat();
}

// Schedules are treated as immutable values (they come out of validateOfficeHours).
function compile(schedule: OfficeHours): Compiled {
  let c = compiledCache.get(schedule);
  if (!c) {
    const exceptions = new Map<number, number[]>();
    for (const ex of schedule.exceptions ?? []) {
      const day = parseDate(ex.date);
      if (day !== null) exceptions.set(day, flatten(ex.intervals));
    }
    const holidays = new Set<number>();
    for (const h of schedule.holidays?.resolved?.days ?? []) {
      const day = parseDate(h.date);
      if (day !== null) holidays.add(day);
    }
    c = { zone: schedule.timezone, weekly: DAYS.map((d) => flatten(schedule.weekly[d] ?? [])), exceptions, holidays };
    compiledCache.set(schedule, c);
  }
  return c;
}

function intervalsOn(c: Compiled, day: number): number[] {
  return c.exceptions.get(day) ?? (c.holidays.has(day) ? CLOSED : (c.weekly[weekdayOf(day)] as number[]));
}

/** Whether a wall-clock time (ms since 1970-01-01 00:00 local) is inside an interval. */
function inWall(c: Compiled, wall: number): boolean {
  const day = Math.floor(wall / DAY_MS);
  const ms = wall - day * DAY_MS;
  const today = intervalsOn(c, day);
  for (let i = 0; i < today.length; i += 2) {
    if ((today[i] as number) <= ms && ms < (today[i + 1] as number)) return true;
  }
  const yesterday = intervalsOn(c, day - 1);
  for (let i = 1; i < yesterday.length; i += 2) {
    if (ms + DAY_MS < (yesterday[i] as number)) return true;
  }
  return false;
}

/**
 * The first boundary of the (merged) open wall-time set strictly after `wall`, or null if there is
 * none up to `wallLimit`. Intervals are streamed day by day in start order and merged on the fly,
 * so touching intervals (…–24:00 then 00:00–…) do not count as a change.
 */
function nextWallBoundary(c: Compiled, wall: number, wallLimit: number): number | null {
  let open = false;
  let end = 0;
  // Starting one day back covers any interval (overnight) that could still contain `wall`.
  for (let day = Math.floor(wall / DAY_MS) - 1; ; day++) {
    const base = day * DAY_MS;
    const list = intervalsOn(c, day);
    for (let i = 0; i < list.length; i += 2) {
      const s = base + (list[i] as number);
      const e = base + (list[i + 1] as number);
      if (open && s <= end) {
        if (e > end) end = e;
        continue;
      }
      if (open && end > wall) return end;
      if (s > wall) return s;
      open = true;
      end = e;
    }
    const nextBase = base + DAY_MS;
    if (open && end < nextBase) {
      if (end > wall) return end;
      open = false;
    }
    // Every boundary not yet returned is at or after nextBase.
    if (nextBase > wallLimit) return null;
  }
}

function checkInstant(atMs: number): void {
  if (!Number.isFinite(atMs)) throw new RangeError(`office hours: instant must be a finite number of ms, got ${atMs}`);
}

function isActive(schedule: OfficeHours | null): schedule is OfficeHours {
  return schedule !== null && schedule.enabled;
}

/** Open at `atMs`? No schedule, or a disabled one, means always open. */
export function isOpen(schedule: OfficeHours | null, atMs: number): boolean {
  checkInstant(atMs);
  if (!isActive(schedule)) return true;
  const c = compile(schedule);
  return inWall(c, atMs + offsetAt(c.zone, atMs));
}

/** The first instant > atMs at which isOpen flips, searched up to 366 days ahead; null if none. */
export function nextChange(schedule: OfficeHours | null, atMs: number): number | null {
  checkInstant(atMs);
  if (!isActive(schedule)) return null;
  const c = compile(schedule);
  const limit = atMs + SEARCH_DAYS * DAY_MS;
  let pos = atMs;
  let offset = offsetAt(c.zone, pos);
  const state = inWall(c, pos + offset);
  for (;;) {
    // Within [pos, segmentEnd) the offset is constant, so wall time = instant + offset.
    const transition = nextTransition(c.zone, pos, limit);
    const segmentEnd = transition ?? limit;
    const boundary = nextWallBoundary(c, pos + offset, segmentEnd + offset);
    if (boundary !== null) {
      const at = boundary - offset;
      if (at < segmentEnd || (transition === null && at <= limit)) return at <= limit ? at : null;
    }
    if (transition === null) return null;
    pos = transition;
    offset = offsetAt(c.zone, pos);
    if (inWall(c, pos + offset) !== state) return pos;
  }
}

/** While closed: the instant it opens next (null if not within a year). While open: null. */
export function nextOpen(schedule: OfficeHours | null, atMs: number): number | null {
  if (isOpen(schedule, atMs)) return null;
  return nextChange(schedule, atMs);
}
