// Calendar arithmetic shared by office-hours validation and the engine. Local dates are counted
// as whole days since 1970-01-01 ("day numbers") so the engine never allocates Date objects.
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const DAY_MINUTES = 1440;

/** Strict two-digit `HH:MM`, 00:00–23:59, plus `24:00` (only valid as an interval's `to`). */
export const HHMM_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since local midnight of an already validated `HH:MM`. */
export function parseHHMM(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Day number of a `YYYY-MM-DD`, or null when it is malformed or not a real calendar date. */
export function parseDate(date: string): number | null {
  if (!DATE_RE.test(date)) return null;
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear would fix it, but such dates are
  // meaningless for office hours, so a mismatch simply rejects them.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return Math.floor(ms / DAY_MS);
}

/** 0 = Monday … 6 = Sunday (index into DAYS). Day 0, 1970-01-01, was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** Interval length end in minutes since the start day's midnight: `to < from` runs into the next day. */
export function intervalEnd(from: number, to: number): number {
  return to > from ? to : to + DAY_MINUTES;
}
