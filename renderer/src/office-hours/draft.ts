// The editable form of an office-hours schedule: every day present, exceptions and the offline
// message always there, so inputs never switch between controlled and uncontrolled. Converted to
// the wire shape of SPEC 3 only when saving or previewing.
import { DAYS, type Day, type Interval, type OfficeHours, type OfficeHoursInput } from '../../../src/common/office-hours.js';

export interface Draft {
  enabled: boolean;
  timezone: string;
  weekly: Record<Day, Interval[]>;
  exceptions: { date: string; intervals: Interval[] }[];
  offline: string;
}

export const DAY_NAMES: Record<Day, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

export function browserTimeZone(): string {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/** A sensible start for an account without office hours: weekdays 09:00–17:00, here. */
export function defaultDraft(enabled: boolean): Draft {
  const weekly = Object.fromEntries(DAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ from: '09:00', to: '17:00' }]])) as Record<Day, Interval[]>;
  return { enabled, timezone: browserTimeZone(), weekly, exceptions: [], offline: '' };
}

export function toDraft(s: OfficeHours | null): Draft {
  if (!s) return defaultDraft(false);
  const weekly = Object.fromEntries(DAYS.map((d) => [d, (s.weekly[d] ?? []).map((iv) => ({ ...iv }))])) as Record<Day, Interval[]>;
  return {
    enabled: s.enabled,
    timezone: s.timezone,
    weekly,
    exceptions: (s.exceptions ?? []).map((e) => ({ date: e.date, intervals: e.intervals.map((iv) => ({ ...iv })) })),
    offline: s.messages?.offline ?? '',
  };
}

export function toPayload(d: Draft): OfficeHoursInput {
  return {
    enabled: d.enabled,
    timezone: d.timezone,
    weekly: d.weekly,
    exceptions: d.exceptions,
    messages: d.offline.trim() ? { offline: d.offline } : {},
  };
}

/** Overnight: `to` earlier than `from` runs into the next day (SPEC 3). */
export function isOvernight(iv: Interval): boolean {
  return /^\d\d:\d\d$/.test(iv.from) && /^\d\d:\d\d$/.test(iv.to) && iv.to !== '24:00' && iv.to < iv.from;
}

/** `weekly.mon[1].to` → "Monday, interval 2, to", for the error summary. */
export function humanPath(path: string): string {
  const day = /^weekly\.(\w{3})(?:\[(\d+)\])?(?:\.(from|to))?$/.exec(path);
  if (day) return [DAY_NAMES[day[1] as Day] ?? day[1], day[2] !== undefined ? `interval ${Number(day[2]) + 1}` : null, day[3]].filter(Boolean).join(', ');
  const ex = /^exceptions(?:\[(\d+)\])?(?:\.(date|intervals))?(?:\[(\d+)\])?(?:\.(from|to))?$/.exec(path);
  if (ex) return ['Exception', ex[1] !== undefined ? `${Number(ex[1]) + 1}` : null, ex[2] === 'date' ? 'date' : null, ex[3] !== undefined ? `interval ${Number(ex[3]) + 1}` : null, ex[4]].filter(Boolean).join(', ').replace('Exception, ', 'Exception ');
  if (path === 'timezone') return 'Time zone';
  if (path === 'messages.offline') return 'Offline message';
  return path || 'Office hours';
}
