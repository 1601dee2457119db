// Office hours (SPEC 3): the stored shape, its validation, and the evaluation API. Everything a
// caller needs is exported from here; the engine lives in office-hours-engine.ts.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DAYS, HHMM_RE, parseDate } from './office-hours-time.js';
import { findOverlaps } from './office-hours-overlaps.js';
import { canonicalTimeZone } from './input-rules.js';

export { DAYS, type Day } from './office-hours-time.js';
export { isOpen, nextChange, nextOpen } from './office-hours-engine.js';
export { describe, formatOffset, type DescribeOptions } from './office-hours-describe.js';
export { calendar, type CalendarDay, type DaySource } from './office-hours-calendar.js';

export const MAX_INTERVALS_PER_DAY = 12;
export const MAX_EXCEPTIONS = 400;
export const MAX_OFFLINE_MESSAGE = 500;
/**
 * The request body limit of the office-hours routes (issue 19): the largest schedule the rules
 * above allow is about 163 KB as compact JSON and 380 KB pretty-printed with two spaces, over the
 * server's 64 KiB default, which answered 413 to valid schedules. With 1 MiB every valid schedule
 * fits, so an oversized one meets the validator's field error ("exceptions: at most 400") instead.
 */
export const OFFICE_HOURS_BODY_LIMIT = 1024 * 1024;

const hhmm = z.string().regex(HHMM_RE, {
  error: (iss) => `must be a time "HH:MM" (two-digit hours, 00:00 to 24:00), got ${JSON.stringify(iss.input)}`,
});

export const intervalSchema = z
  .strictObject({ from: hhmm, to: hhmm })
  .superRefine(
    (iv, ctx) => {
      if (iv.from === '24:00') ctx.addIssue({ code: 'custom', path: ['from'], message: '24:00 is only allowed as "to"' });
      else if (iv.from === iv.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must differ from "from" (${iv.from})` });
    },
    { when: (payload) => payload.issues.length === 0 },
  );
export type Interval = z.infer<typeof intervalSchema>;

const dayIntervals = z
  .array(intervalSchema)
  .max(MAX_INTERVALS_PER_DAY, { error: `at most ${MAX_INTERVALS_PER_DAY} intervals a day` });

const dateSchema = z.string().refine((d) => parseDate(d) !== null, {
  error: (iss) => `must be a real calendar date "YYYY-MM-DD", got ${JSON.stringify(iss.input)}`,
});

export const officeHoursExceptionSchema = z.strictObject({ date: dateSchema, intervals: dayIntervals });
export type OfficeHoursException = z.infer<typeof officeHoursExceptionSchema>;

export const MAX_HOLIDAY_DAYS = 400;

/**
 * Public holidays (SPEC 11): the country (ISO 3166-1 alpha-2) and optionally its region (a state
 * such as DE `BY` or AU `NSW`). `resolved` is written by the server only: the dated closures it
 * expanded from a holiday library (server/office-hours/holidays.ts), so this pure engine, the
 * renderer's preview and the widget all use the same dates. A client's own `resolved` is replaced.
 */
export const holidaysSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, { error: (iss) => `must be a country code such as "CZ" (ISO 3166-1, upper case), got ${JSON.stringify(iss.input)}` }),
  region: z.string().regex(/^[A-Z0-9]{1,5}$/, { error: (iss) => `must be a region code such as "BY" or "NSW", got ${JSON.stringify(iss.input)}` }).optional(),
  resolved: z.strictObject({
    from: z.string(),
    to: z.string(),
    days: z.array(z.strictObject({ date: z.string(), name: z.string().max(200) })).max(MAX_HOLIDAY_DAYS),
  }).optional(),
});
export type HolidaysSetting = z.infer<typeof holidaysSchema>;

const weeklySchema = z.strictObject(
  Object.fromEntries(DAYS.map((d) => [d, dayIntervals.default([])])) as Record<(typeof DAYS)[number], z.ZodDefault<typeof dayIntervals>>,
);

export const officeHoursSchema = z
  .strictObject({
    enabled: z.boolean(),
    timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), {
      error: (iss) => `must be an IANA time zone such as "Europe/Prague", got ${JSON.stringify(iss.input)}`,
    }),
    weekly: weeklySchema,
    exceptions: z
      .array(officeHoursExceptionSchema)
      .max(MAX_EXCEPTIONS, { error: `at most ${MAX_EXCEPTIONS} exceptions` })
      .optional(),
    holidays: holidaysSchema.optional(),
    messages: z
      .strictObject({
        offline: z.string().max(MAX_OFFLINE_MESSAGE, { error: `at most ${MAX_OFFLINE_MESSAGE} characters` }).optional(),
      })
      .optional(),
  })
  .superRefine(
    (value, ctx) => {
      for (const issue of findOverlaps(value)) ctx.addIssue({ code: 'custom', ...issue });
    },
    // Overlaps are only meaningful once every time and date parsed; fix those first.
    { when: (payload) => payload.issues.length === 0 },
  );

export type OfficeHours = z.infer<typeof officeHoursSchema>;
export type OfficeHoursInput = z.input<typeof officeHoursSchema>;

export interface ValidationIssue {
  /** Dotted path with indexes, e.g. `weekly.mon[1].to`; empty for the whole value. */
  path: string;
  /** Starts with the path, so it can be shown on its own. */
  message: string;
}

export type ValidationResult = { ok: true; value: OfficeHours } | { ok: false; issues: ValidationIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function validateOfficeHours(input: unknown): ValidationResult {
  const parsed = officeHoursSchema.safeParse(input);
  // Stored as the canonical IANA name (`europe/prague` → `Europe/Prague`, issue 19): what every
  // reader (dashboard, widget, reports) shows and compares.
  if (parsed.success) return { ok: true, value: { ...parsed.data, timezone: canonicalTimeZone(parsed.data.timezone) } };
  const issues: ValidationIssue[] = [];
  for (const issue of parsed.error.issues) {
    // An unknown key is reported by zod on its parent object; name the key itself instead.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    for (const key of keys) {
      const path = formatPath(key === null ? issue.path : [...issue.path, key]);
      const message = key === null ? issue.message : 'unknown field';
      issues.push({ path, message: `${path || 'office hours'}: ${message}` });
    }
  }
  return { ok: false, issues };
}
