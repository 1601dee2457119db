// `presencectl status away --for 15m | --until 13:30` (SPEC 11): turns the option into the ISO
// instant the server takes as `until`, checked with the same rule the server applies (checkUntil),
// so a bad value is refused before any request with the same words.
import { checkUntil, parseDuration } from '../common/timed-status.js';
import type { Translator } from '../common/i18n/translate.js';
import { UsageError } from './presencectl-errors.js';

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * `--until HH:MM` is the next such wall time of this machine's zone (today, or tomorrow once it has
 * passed); anything else must be an ISO 8601 date and time with an offset.
 */
export function untilFromHHMM(text: string, now: number): string | null {
  const m = HHMM.exec(text.trim());
  if (!m) return null;
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.toISOString();
}

/** The `until` for the request, undefined when neither option was given. */
export function timedUntil(tr: Translator, opts: { for?: string | undefined; until?: string | undefined }, hasStatus: boolean, now: number): string | undefined {
  if (opts.for === undefined && opts.until === undefined) return undefined;
  if (opts.for !== undefined && opts.until !== undefined) throw new UsageError(tr.t('cli.forOrUntil'));
  if (!hasStatus) throw new UsageError(tr.t('cli.timedNeedsStatus'));
  let iso: string;
  if (opts.for !== undefined) {
    const ms = parseDuration(opts.for);
    if (ms === null) throw new UsageError(tr.t('cli.badFor', { value: opts.for }));
    iso = new Date(now + ms).toISOString();
  } else {
    iso = untilFromHHMM(opts.until!, now) ?? opts.until!;
  }
  const checked = checkUntil(iso, now);
  if (!checked.ok) throw new UsageError(tr.t('cli.badUntil', { value: opts.for ?? opts.until!, why: checked.message }));
  return new Date(checked.at).toISOString();
}
