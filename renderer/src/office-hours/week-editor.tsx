// The weekly grid: one row per day, each with its own list of intervals.
import { DAYS, type Day, type Interval } from '../../../src/common/office-hours.js';
import type { FieldErrors } from '../field-errors.js';
import { DAY_NAMES } from './draft.js';
import { IntervalList } from './interval-list.js';

interface Props {
  weekly: Record<Day, Interval[]>;
  errors: FieldErrors;
  onChange: (day: Day, next: Interval[], editedPath: string) => void;
  onCopyToWeekdays: () => void;
}

export function WeekEditor({ weekly, errors, onChange, onCopyToWeekdays }: Props) {
  return (
    <fieldset className="week">
      <legend>Weekly hours</legend>
      <p className="hint">Times are HH:MM in the schedule's time zone. A "to" earlier than "from" runs past midnight (22:00 to 02:00).</p>
      {DAYS.map((d) => (
        <div key={d} className="day-row" data-day={d}>
          <span className="day-name" id={`day-${d}`}>{DAY_NAMES[d]}</span>
          <IntervalList path={`weekly.${d}`} label={DAY_NAMES[d]} intervals={weekly[d]} errors={errors}
            onChange={(next, edited) => onChange(d, next, edited)} />
        </div>
      ))}
      <button type="button" className="link-button" onClick={onCopyToWeekdays}>Copy Monday to Tuesday–Friday</button>
    </fieldset>
  );
}
