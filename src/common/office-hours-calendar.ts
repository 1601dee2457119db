// The plan in force each date (SPEC 11 calendar): the intervals of that local date and where they
// come from — an `exception` for the date, else a public `holiday` (closed all day), else the
// `weekly` plan. The server's GET /office-hours/calendar and the renderer's 60-day view both call
// this, with the same stored schedule (holidays already resolved into dates), so they agree.
import type { Interval, OfficeHours } from './office-hours.js';
import { DAYS, DAY_MS, parseDate, weekdayOf } from './office-hours-time.js';

export type DaySource = 'weekly' | 'exception' | 'holiday';

export interface CalendarDay {
  date: string;
  intervals: Interval[];
  source: DaySource;
  /** The public holiday's name on that date (also when an exception overrides it). */
  holiday?: string;
}

const ALL_DAY: Interval[] = [{ from: '00:00', to: '24:00' }];

const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Every date from `from` to `to` (inclusive, `YYYY-MM-DD`). No schedule, or a disabled one, is
 * always open: every date is all day, `weekly`. Throws a RangeError on a bad or reversed range.
 */
export function calendar(schedule: OfficeHours | null, from: string, to: string): CalendarDay[] {
  const first = parseDate(from);
  const last = parseDate(to);
  if (first === null || last === null || last < first) throw new RangeError(`calendar: bad range ${from}..${to}`);
  const active = schedule !== null && schedule.enabled;
  const exceptions = new Map((active ? schedule.exceptions ?? [] : []).map((e) => [e.date, e.intervals]));
  const holidays = new Map<string, string>();
  for (const h of active ? schedule.holidays?.resolved?.days ?? [] : []) holidays.set(h.date, holidays.has(h.date) ? `${holidays.get(h.date)!}, ${h.name}` : h.name);
  const days: CalendarDay[] = [];
  for (let day = first; day <= last; day++) {
    const date = isoDate(day);
    const holiday = holidays.get(date);
    const named = holiday === undefined ? {} : { holiday };
    const exception = exceptions.get(date);
    if (!active) days.push({ date, intervals: ALL_DAY, source: 'weekly' });
    else if (exception) days.push({ date, intervals: exception, source: 'exception', ...named });
    else if (holiday !== undefined) days.push({ date, intervals: [], source: 'holiday', holiday });
    else days.push({ date, intervals: schedule.weekly[DAYS[weekdayOf(day)]!] ?? [], source: 'weekly' });
  }
  return days;
}
