// Time off (SPEC 11): periods of inclusive local dates in the account's zone, their validation,
// and the one rule the server, the tray and the dashboard share: while an agent is on leave,
// nothing automatic may put it online (follow office hours, restores after lock, idle or sleep,
// a timer returning to online). A manual choice (the agent's own, or an admin's) still works.
import { z } from 'zod';
import { DAY_MS, parseDate } from './office-hours-time.js';
import type { AnyReason, Status } from './protocol.js';
import { offsetAt } from './tz-offsets.js';

export const MAX_TIME_OFF_PERIODS = 100;
export const MAX_TIME_OFF_NOTE = 200;

const dateSchema = z.string().refine((d) => parseDate(d) !== null, {
  error: (iss) => `must be a real calendar date "YYYY-MM-DD", got ${JSON.stringify(iss.input)}`,
});

export const timeOffPeriodSchema = z
  .strictObject({ from: dateSchema, to: dateSchema, note: z.string().trim().max(MAX_TIME_OFF_NOTE).optional() })
  .superRefine(
    (p, ctx) => {
      if (p.to < p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after "from" (${p.from})` });
    },
    { when: (payload) => payload.issues.length === 0 },
  );
export type TimeOffPeriodInput = z.infer<typeof timeOffPeriodSchema>;

export const timeOffSchema = z.strictObject({
  periods: z.array(timeOffPeriodSchema).max(MAX_TIME_OFF_PERIODS, { error: `at most ${MAX_TIME_OFF_PERIODS} periods` }),
});
export type TimeOff = z.infer<typeof timeOffSchema>;

/** Reasons that are a person's own choice; every other reason is automatic (SPEC 11). */
const MANUAL_REASONS: ReadonlySet<AnyReason> = new Set<AnyReason>(['manual', 'admin', 'api']);

/** The account's zone for leave dates: its office hours' zone, else UTC. */
export function leaveZone(officeHours: { timezone: string } | null | undefined): string {
  return officeHours?.timezone ?? 'UTC';
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(zone: string, atMs: number): string {
  const wall = atMs + offsetAt(zone, atMs);
  return new Date(Math.floor(wall / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last day of the leave in force on `date` (periods that touch or overlap are one leave), or
 * null when the agent is not on leave that day. ISO dates compare as strings.
 */
export function leaveUntil(periods: readonly { from: string; to: string }[], date: string): string | null {
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let end: string | null = null;
  for (const p of sorted) {
    if (end !== null) {
      if (p.from <= nextDate(end)) { if (p.to > end) end = p.to; continue; }
      return end;
    }
    if (p.from <= date && date <= p.to) end = p.to;
  }
  return end;
}

function nextDate(date: string): string {
  return new Date((parseDate(date)! + 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a change to `status` with `reason` is one that time off refuses (automatic, to online). */
export function refusedOnLeave(status: Status, reason: AnyReason): boolean {
  return status === 'online' && !MANUAL_REASONS.has(reason);
}
