import { DateCtor, DateTimeFormat } from './intrinsics.js';

const DAY_MS = 86_400_000;

/**
 * "09:00" when the chat opens later today, "Mon 09:00" within the week, "Thu 24 Dec, 09:00"
 * beyond, in the visitor's locale and time zone (or the ones given, for tests and `data-locale`).
 * Returns '' for anything unparsable so a bad timestamp never shows "Invalid Date".
 */
export function formatOpensAt(iso: string, nowMs: number, locale?: string, timeZone?: string): string {
  try {
    const at = new DateCtor(iso);
    const t = at.getTime();
    if (t !== t) return '';
    const base: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', timeZone };
    const day = new DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone });
    if (day.format(at) === day.format(new DateCtor(nowMs))) return new DateTimeFormat(locale, base).format(at);
    const opts: Intl.DateTimeFormatOptions = t - nowMs < 6 * DAY_MS
      ? { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone }
      : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone };
    return new DateTimeFormat(locale, opts).format(at);
  } catch {
    // An unknown locale or zone from a data attribute must not break the badge.
    return '';
  }
}
