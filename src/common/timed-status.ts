// The one rule for a timed status's `until` (SPEC 11): an ISO 8601 instant, strictly in the future
// and at most TIMINGS.timedStatusMaxMs ahead. The server checks it at `now` of its own clock; the
// clients (tray, dashboard, CLI) use the same function to refuse early with the same words.
import { TIMINGS } from './timings.js';

export type UntilCheck = { ok: true; at: number } | { ok: false; message: string };

export function checkUntil(until: string, now: number): UntilCheck {
  const at = Date.parse(until);
  if (!Number.isFinite(at)) return { ok: false, message: 'until: must be an ISO 8601 date and time' };
  if (at <= now) return { ok: false, message: 'until: must be in the future' };
  if (at - now > TIMINGS.timedStatusMaxMs) return { ok: false, message: 'until: must be at most 30 days ahead' };
  return { ok: true, at };
}

/** `--for 15m`, `90s`, `1h`, `2d` → milliseconds; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}
