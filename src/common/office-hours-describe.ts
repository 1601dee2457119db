// Human-readable office-hours state for the dashboard, tray and widget ("Open until 17:30").
import { DateTime } from 'luxon';
import type { OfficeHours } from './office-hours.js';
import { isOpen, nextChange } from './office-hours-engine.js';

export interface DescribeOptions {
  /** BCP 47 locale for weekday and month names (default `en`). Times are always 24-hour HH:MM. */
  locale?: string;
  /** IANA zone to display times in (default: the schedule's zone). */
  timeZone?: string;
}

function whenText(now: DateTime, at: DateTime, closing: boolean): string {
  let day = at.startOf('day');
  let time = at.toFormat('HH:mm');
  // A close at local midnight reads better as "until 24:00" of the day it ends than "00:00".
  if (closing && time === '00:00' && at > now) {
    day = day.minus({ days: 1 });
    time = '24:00';
  }
  const days = Math.round(day.diff(now.startOf('day'), 'days').days);
  if (days <= 0) return time;
  if (days === 1) return `tomorrow ${time}`;
  if (days < 7) return `${day.toFormat('ccc')} ${time}`;
  return `${day.toFormat('ccc d LLL')} ${time}`;
}

/**
 * "Always open", "Closed" (no opening within a year), "Open until 17:30", "Open until tomorrow
 * 02:00", "Opens 13:00" (later today), "Opens tomorrow 09:00", "Opens Mon 09:00" (within a
 * week), "Opens Thu 24 Dec 09:00" (further out).
 */
export function describe(schedule: OfficeHours | null, atMs: number, opts: DescribeOptions = {}): string {
  const open = isOpen(schedule, atMs);
  const change = nextChange(schedule, atMs);
  if (change === null || schedule === null) return open ? 'Always open' : 'Closed';
  const zone = opts.timeZone ?? schedule.timezone;
  const locale = opts.locale ?? 'en';
  const now = DateTime.fromMillis(atMs, { zone, locale });
  const at = DateTime.fromMillis(change, { zone, locale });
  if (!now.isValid || !at.isValid) throw new RangeError(`describe: unknown time zone "${zone}"`);
  return open ? `Open until ${whenText(now, at, true)}` : `Opens ${whenText(now, at, false)}`;
}

/** ISO 8601 with a numeric offset (never `Z`), e.g. `2026-12-01T09:00:00.000+01:00`. */
export function formatOffset(atMs: number, zone: string): string {
  const dt = DateTime.fromMillis(atMs, { zone });
  if (!dt.isValid) throw new RangeError(`formatOffset: invalid instant ${atMs} or time zone "${zone}"`);
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ");
}
