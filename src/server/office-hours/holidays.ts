// Public holidays for office hours (SPEC 11), from the maintained `date-holidays` data (not a
// hand-written list; docs/decisions.md, issue 18). The server expands `holidays: {country, region?}`
// into dated closures stored with the schedule (`holidays.resolved`): from 1 January of last year
// to 31 December of the year after next, so the pure engine in src/common, the renderer preview and
// the widget all read the same dates. Public holidays only (no observances, bank or school days).
import Holidays from 'date-holidays';
import type { HolidaysSetting, OfficeHours } from '../../common/office-hours.js';
import { localDate } from '../../common/time-off.js';

export interface HolidayIssue { path: string; message: string }

const library = new Holidays();

/** Field errors for a country or region the library does not know (the schema checked the shape). */
export function checkHolidays(setting: HolidaysSetting | undefined): HolidayIssue[] {
  if (!setting) return [];
  const countries = library.getCountries() ?? {};
  if (!(setting.country in countries)) return [{ path: 'holidays.country', message: `holidays.country: no public holiday data for "${setting.country}"` }];
  if (setting.region === undefined) return [];
  const states = library.getStates(setting.country) ?? {};
  if (!(setting.region in states)) {
    const known = Object.keys(states);
    const hint = known.length > 0 ? `; known: ${known.join(', ')}` : '; this country has none';
    return [{ path: 'holidays.region', message: `holidays.region: "${setting.region}" is not a region of ${setting.country}${hint}` }];
  }
  return [];
}

/** The window of years expanded at `nowMs` in `zone`: last year to the year after next. */
export function holidayWindow(zone: string, nowMs: number): { from: string; to: string; years: number[] } {
  const year = Number(localDate(zone, nowMs).slice(0, 4));
  return { from: `${year - 1}-01-01`, to: `${year + 2}-12-31`, years: [year - 1, year, year + 1, year + 2] };
}

/** The public holidays of the setting in the given years, as local dates with the library's name. */
export function publicHolidays(setting: Pick<HolidaysSetting, 'country' | 'region'>, years: readonly number[]): { date: string; name: string }[] {
  const hd = setting.region ? new Holidays(setting.country, setting.region) : new Holidays(setting.country);
  const days: { date: string; name: string }[] = [];
  for (const year of years) {
    for (const h of hd.getHolidays(year) || []) if (h.type === 'public') days.push({ date: h.date.slice(0, 10), name: h.name });
  }
  return days;
}

/** The schedule with its holidays (re-)resolved for the window at `nowMs`; unchanged without holidays. */
export function resolveHolidays(schedule: OfficeHours, nowMs: number): OfficeHours {
  if (!schedule.holidays) return schedule;
  const { country, region } = schedule.holidays;
  const window = holidayWindow(schedule.timezone, nowMs);
  const days = publicHolidays({ country, ...(region ? { region } : {}) }, window.years);
  return { ...schedule, holidays: { country, ...(region ? { region } : {}), resolved: { from: window.from, to: window.to, days } } };
}

/** Whether the stored expansion is missing or from another year (so it no longer reaches two years ahead). */
export function needsResolving(schedule: OfficeHours | null, nowMs: number): boolean {
  if (!schedule?.holidays) return false;
  return schedule.holidays.resolved?.from !== holidayWindow(schedule.timezone, nowMs).from;
}
