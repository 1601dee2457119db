// The editable form of an office-hours schedule: every day present, exceptions and the offline
// message always there, so inputs never switch between controlled and uncontrolled. Converted to
// the wire shape of SPEC 3 only when saving or previewing.
import type { Translator } from '../../../src/common/i18n/translate.js';
import { DAYS, type Day, type HolidaysSetting, type Interval, type OfficeHours, type OfficeHoursInput } from '../../../src/common/office-hours.js';

export interface Draft {
  enabled: boolean;
  timezone: string;
  weekly: Record<Day, Interval[]>;
  exceptions: { date: string; intervals: Interval[] }[];
  offline: string;
  /** Public holidays (SPEC 11): country and region codes, empty for none. */
  holidaysCountry: string;
  holidaysRegion: string;
  /** The dates the server resolved for `resolvedFor` ("DE/BY"), so the preview closes them too. */
  resolved?: HolidaysSetting['resolved'];
  resolvedFor?: string;
}

const holidayKey = (country: string, region: string): string => `${country.trim().toUpperCase()}/${region.trim().toUpperCase()}`;

/** "Monday", "pondělí", "Montag": the weekday's name from Intl (2024-01-01 was a Monday). */
export function dayName(t: Translator, day: Day): string {
  return t.dateTime(Date.UTC(2024, 0, 1 + DAYS.indexOf(day), 12), { weekday: 'long', timeZone: 'UTC' });
}

export function browserTimeZone(): string {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/** A sensible start for an account without office hours: weekdays 09:00–17:00, here. */
export function defaultDraft(enabled: boolean): Draft {
  const weekly = Object.fromEntries(DAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ from: '09:00', to: '17:00' }]])) as Record<Day, Interval[]>;
  return { enabled, timezone: browserTimeZone(), weekly, exceptions: [], offline: '', holidaysCountry: '', holidaysRegion: '' };
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
    holidaysCountry: s.holidays?.country ?? '',
    holidaysRegion: s.holidays?.region ?? '',
    ...(s.holidays?.resolved ? { resolved: s.holidays.resolved, resolvedFor: holidayKey(s.holidays.country, s.holidays.region ?? '') } : {}),
  };
}

export function toPayload(d: Draft): OfficeHoursInput {
  return {
    enabled: d.enabled,
    timezone: d.timezone,
    weekly: d.weekly,
    exceptions: d.exceptions,
    messages: d.offline.trim() ? { offline: d.offline } : {},
    // The server resolves the dates again on save; sending the stored ones keeps the preview exact.
    ...(d.holidaysCountry.trim() ? { holidays: {
      country: d.holidaysCountry.trim().toUpperCase(),
      ...(d.holidaysRegion.trim() ? { region: d.holidaysRegion.trim().toUpperCase() } : {}),
      ...(d.resolved && d.resolvedFor === holidayKey(d.holidaysCountry, d.holidaysRegion) ? { resolved: d.resolved } : {}),
    } } : {}),
  };
}

/** Overnight: `to` earlier than `from` runs into the next day (SPEC 3). */
export function isOvernight(iv: Interval): boolean {
  return /^\d\d:\d\d$/.test(iv.from) && /^\d\d:\d\d$/.test(iv.to) && iv.to !== '24:00' && iv.to < iv.from;
}

const fromTo = (t: Translator, which: string | undefined): string | null => (which === 'from' ? t.t('oh.from') : which === 'to' ? t.t('oh.to') : null);
const intervalN = (t: Translator, i: string | undefined): string | null => (i !== undefined ? t.t('oh.path.interval', { n: Number(i) + 1 }) : null);

/** `weekly.mon[1].to` → "Monday, interval 2, to", for the error summary. */
export function humanPath(t: Translator, path: string): string {
  const day = /^weekly\.(\w{3})(?:\[(\d+)\])?(?:\.(from|to))?$/.exec(path);
  if (day) {
    const d = day[1] as Day;
    return [DAYS.includes(d) ? dayName(t, d) : d, intervalN(t, day[2]), fromTo(t, day[3])].filter(Boolean).join(', ');
  }
  const ex = /^exceptions(?:\[(\d+)\])?(?:\.(date|intervals))?(?:\[(\d+)\])?(?:\.(from|to))?$/.exec(path);
  if (ex) {
    const head = ex[1] !== undefined ? t.t('oh.exception', { n: Number(ex[1]) + 1 }) : t.t('oh.exceptions');
    return [head, ex[2] === 'date' ? t.t('oh.path.date') : null, intervalN(t, ex[3]), fromTo(t, ex[4])].filter(Boolean).join(', ');
  }
  if (path === 'timezone') return t.t('oh.path.timezone');
  if (path === 'messages.offline') return t.t('oh.path.offline');
  if (path === 'holidays.country' || path === 'holidays') return t.t('oh.path.holidaysCountry');
  if (path === 'holidays.region') return t.t('oh.path.holidaysRegion');
  return path || t.t('oh.path.all');
}
