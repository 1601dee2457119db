// The next 60 days of a saved schedule (SPEC 11): each date's plan with its source, holidays
// marked. Drawn with calendar() from src/common on the stored schedule (its holidays already
// resolved into dates by the server), the same function and data GET /office-hours/calendar uses.
import { calendar, type OfficeHours } from '../../../src/common/office-hours.js';
import { localDate } from '../../../src/common/time-off.js';
import { useT } from '../i18n/use-t.js';

export const CALENDAR_DAYS = 60;

const DATE_FORMAT: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
const plan = (intervals: readonly { from: string; to: string }[]): string => intervals.map((iv) => `${iv.from}–${iv.to}`).join(', ');

const noonOf = (date: string): string => `${date}T12:00:00Z`;
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function CalendarView({ schedule, now }: { schedule: OfficeHours | null; now: number }) {
  const t = useT();
  const zone = schedule?.timezone ?? 'UTC';
  const from = localDate(zone, now);
  const days = calendar(schedule, from, addDays(from, CALENDAR_DAYS - 1));
  return (
    <section className="card" aria-labelledby="oh-calendar-title">
      <h2 id="oh-calendar-title">{t.t('oh.calendarTitle')}</h2>
      <p className="hint">{t.t('oh.calendarHint')}</p>
      <ol className="oh-calendar" data-testid="oh-calendar">
        {days.map((d) => (
          <li key={d.date} data-date={d.date} data-source={d.source} className={`oh-day source-${d.source}`}>
            <span className="oh-day-date">{t.dateTime(noonOf(d.date), DATE_FORMAT)}</span>
            <span className="oh-day-plan" data-testid="oh-day-plan">{d.intervals.length === 0 ? t.t('oh.calendarClosed') : plan(d.intervals)}</span>
            {d.holiday !== undefined && <span className="oh-day-holiday" data-testid="oh-day-holiday">{t.t('oh.calendarHoliday', { name: d.holiday })}</span>}
            {d.source === 'exception' && <span className="oh-day-exception">{t.t('oh.calendarException')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
