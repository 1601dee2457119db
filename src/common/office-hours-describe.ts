// Human-readable office-hours state for the dashboard, tray and widget ("Open until 17:30"), in
// the viewer's language; weekday and month names come from Intl (through luxon).
import { DateTime } from 'luxon';
import { isLocale } from './i18n/locales.js';
import { createTranslator } from './i18n/translate.js';
import type { OfficeHours } from './office-hours.js';
import { isOpen, nextChange } from './office-hours-engine.js';

export interface DescribeOptions {
  /** The language of the text: a catalog locale or a BCP 47 tag (default `en`). Times are always 24-hour HH:MM. */
  locale?: string;
  /** The BCP 47 tag for weekday and month names (default: `locale`), e.g. "de-AT". */
  tag?: string;
  /** IANA zone to display times in (default: the schedule's zone). */
  timeZone?: string;
}

/** The day and time of the next change, as the `day`/`time` values of hours.openUntil / hours.opens. */
function when(now: DateTime, at: DateTime, closing: boolean): { day: string; time: string } {
  let day = at.startOf('day');
  let time = at.toFormat('HH:mm');
  // A close at local midnight reads better as "until 24:00" of the day it ends than "00:00".
  if (closing && time === '00:00' && at > now) {
    day = day.minus({ days: 1 });
    time = '24:00';
  }
  const days = Math.round(day.diff(now.startOf('day'), 'days').days);
  if (days <= 0) return { day: 'today', time };
  if (days === 1) return { day: 'tomorrow', time };
  return { day: day.toFormat(days < 7 ? 'ccc' : 'ccc d LLL'), time };
}

/**
 * "Always open", "Closed" (no opening within a year), "Open until 17:30", "Open until tomorrow
 * 02:00", "Opens 13:00" (later today), "Opens tomorrow 09:00", "Opens Mon 09:00" (within a
 * week), "Opens Thu 24 Dec 09:00" (further out); the same in the other languages.
 */
export function describe(schedule: OfficeHours | null, atMs: number, opts: DescribeOptions = {}): string {
  const lang = opts.locale ?? 'en';
  const tag = opts.tag ?? lang;
  const tr = createTranslator(isLocale(lang) ? lang : 'system', [tag, lang]);
  const open = isOpen(schedule, atMs);
  const change = nextChange(schedule, atMs);
  if (change === null || schedule === null) return tr.t(open ? 'hours.alwaysOpen' : 'hours.closed');
  const zone = opts.timeZone ?? schedule.timezone;
  const now = DateTime.fromMillis(atMs, { zone, locale: tag });
  const at = DateTime.fromMillis(change, { zone, locale: tag });
  if (!now.isValid || !at.isValid) throw new RangeError(`describe: unknown time zone "${zone}"`);
  return tr.t(open ? 'hours.openUntil' : 'hours.opens', when(now, at, open));
}

/** ISO 8601 with a numeric offset (never `Z`), e.g. `2026-12-01T09:00:00.000+01:00`. */
export function formatOffset(atMs: number, zone: string): string {
  const dt = DateTime.fromMillis(atMs, { zone });
  if (!dt.isValid) throw new RangeError(`formatOffset: invalid instant ${atMs} or time zone "${zone}"`);
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ");
}
