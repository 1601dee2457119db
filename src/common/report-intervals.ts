// Half-open intervals [from, to) in epoch ms, sorted and disjoint: the arithmetic the reports are
// built from (SPEC 9). Pure.
import { DateTime } from 'luxon';
import { isOpen, nextChange, type OfficeHours } from './office-hours.js';
import { offsetAt } from './tz-offsets.js';

export interface Span {
  from: number;
  to: number;
}

/** A local date of the report and the instants it spans (23, 24 or 25 hours). */
export interface LocalDay {
  date: string;
  start: number;
  end: number;
}

/** The local days from..to inclusive in `zone`; null when a date is not a real one. */
export function localDays(from: string, to: string, zone: string): LocalDay[] | null {
  const first = DateTime.fromISO(from, { zone });
  const last = DateTime.fromISO(to, { zone });
  if (!first.isValid || !last.isValid) return null;
  const days: LocalDay[] = [];
  for (let d = first.startOf('day'); d <= last; d = d.plus({ days: 1 })) {
    days.push({ date: d.toISODate()!, start: d.toMillis(), end: d.plus({ days: 1 }).startOf('day').toMillis() });
  }
  return days;
}

/**
 * ISO 8601 with the zone's offset (e.g. 2026-03-29T03:00:00+02:00), milliseconds only when there
 * are any. Through the cached offset tables rather than luxon: a year's report formats thousands.
 */
export function isoIn(ms: number, zone: string): string {
  const offset = offsetAt(zone, ms);
  const wall = new Date(ms + offset).toISOString();
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const zoneText = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${ms % 1000 === 0 ? wall.slice(0, 19) : wall.slice(0, 23)}${zoneText}`;
}

/** The parts of sorted, disjoint `spans` inside each of the consecutive `days`, in one pass. */
export function perDay(spans: readonly Span[], days: readonly LocalDay[]): Span[][] {
  const out: Span[][] = days.map(() => []);
  let i = 0;
  for (let d = 0; d < days.length; d++) {
    const day = days[d]!;
    while (i < spans.length && spans[i]!.to <= day.start) i++;
    for (let j = i; j < spans.length && spans[j]!.from < day.end; j++) {
      out[d]!.push({ from: Math.max(spans[j]!.from, day.start), to: Math.min(spans[j]!.to, day.end) });
    }
  }
  return out;
}

/** A schedule in force from `from` until the next one (the first also before its `from`). */
export interface ScheduleSpan {
  from: number;
  hours: OfficeHours | null;
}

/** The open intervals within `range` under the schedules in force (no schedule or a disabled one: all open). */
export function openSpans(schedules: readonly ScheduleSpan[], range: Span): Span[] {
  const out: Span[] = [];
  const list = schedules.length > 0 ? schedules : [{ from: range.from, hours: null }];
  for (let i = 0; i < list.length; i++) {
    const from = i === 0 ? range.from : Math.max(range.from, list[i]!.from);
    const to = Math.min(range.to, list[i + 1]?.from ?? Infinity);
    if (from >= to) continue;
    const hours = list[i]!.hours;
    let pos = from;
    let open = isOpen(hours, pos);
    while (pos < to) {
      const next = Math.min(nextChange(hours, pos) ?? Infinity, to);
      if (open) push(out, pos, next);
      pos = next;
      open = !open;
    }
  }
  return out;
}

/** The spans where `online` held, from its state at range.from and its later changes. */
export function stateSpans(initial: boolean, changes: readonly { at: number; on: boolean }[], range: Span): Span[] {
  const out: Span[] = [];
  let on = initial;
  let since = range.from;
  for (const c of changes) {
    if (c.at >= range.to) break;
    const at = Math.max(c.at, range.from);
    if (on && !c.on) push(out, since, at);
    if (!on && c.on) since = at;
    on = c.on;
  }
  if (on) push(out, since, range.to);
  return out;
}

function push(out: Span[], from: number, to: number): void {
  if (to <= from) return;
  const last = out[out.length - 1];
  if (last && last.to >= from) last.to = Math.max(last.to, to);
  else out.push({ from, to });
}

export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    push(out, Math.max(a[i]!.from, b[j]!.from), Math.min(a[i]!.to, b[j]!.to));
    if (a[i]!.to < b[j]!.to) i++;
    else j++;
  }
  return out;
}

export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const s of a) {
    let from = s.from;
    while (j < b.length && b[j]!.to <= from) j++;
    let k = j;
    while (k < b.length && b[k]!.from < s.to) {
      push(out, from, b[k]!.from);
      from = Math.max(from, b[k]!.to);
      k++;
    }
    push(out, from, s.to);
  }
  return out;
}

/** The parts of `spans` inside `range`. */
export function clip(spans: readonly Span[], range: Span): Span[] {
  return intersect(spans, [range]);
}

export const totalMs = (spans: readonly Span[]): number => spans.reduce((sum, s) => sum + (s.to - s.from), 0);
