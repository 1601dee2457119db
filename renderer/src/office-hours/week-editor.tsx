// The weekly grid: one row per day, each with its own list of intervals.
import { DAYS, type Day, type Interval } from '../../../src/common/office-hours.js';
import type { FieldErrors } from '../field-errors.js';
import { useT } from '../i18n/use-t.js';
import { dayName } from './draft.js';
import { IntervalList } from './interval-list.js';

interface Props {
  weekly: Record<Day, Interval[]>;
  errors: FieldErrors;
  onChange: (day: Day, next: Interval[], editedPath: string) => void;
  onCopyToWeekdays: () => void;
}

export function WeekEditor({ weekly, errors, onChange, onCopyToWeekdays }: Props) {
  const t = useT();
  return (
    <fieldset className="week">
      <legend>{t.t('oh.weekly')}</legend>
      <p className="hint">{t.t('oh.weeklyHint')}</p>
      {DAYS.map((d) => (
        <div key={d} className="day-row" data-day={d}>
          <span className="day-name" id={`day-${d}`}>{dayName(t, d)}</span>
          <IntervalList path={`weekly.${d}`} label={dayName(t, d)} intervals={weekly[d]} errors={errors}
            onChange={(next, edited) => onChange(d, next, edited)} />
        </div>
      ))}
      <button type="button" className="link-button" onClick={onCopyToWeekdays}>
        {t.t('oh.copyWeekdays', { monday: dayName(t, 'mon'), tuesday: dayName(t, 'tue'), friday: dayName(t, 'fri') })}
      </button>
    </fieldset>
  );
}
