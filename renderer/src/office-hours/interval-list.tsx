// The intervals of one day (a weekday or an exception date): several per day, each with from/to
// text fields (HH:MM, 24:00 allowed as "to", which a native time input cannot express), an
// "overnight" note when it runs past midnight, and its server error right under it.
import type { Interval } from '../../../src/common/office-hours.js';
import { errorProps, type FieldErrors } from '../field-errors.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';
import { isOvernight } from './draft.js';

interface Props {
  /** Path prefix of this list in the schedule, e.g. `weekly.mon` or `exceptions[0].intervals`. */
  path: string;
  /** Spoken prefix of every field, e.g. "Monday". */
  label: string;
  intervals: Interval[];
  errors: FieldErrors;
  onChange: (next: Interval[], editedPath: string) => void;
}

const MAX = 12;

function domId(path: string): string {
  return `oh-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

export function IntervalList({ path, label, intervals, errors, onChange }: Props) {
  const t = useT();
  const set = (i: number, key: 'from' | 'to', value: string): void => {
    onChange(intervals.map((iv, k) => (k === i ? { ...iv, [key]: value } : iv)), `${path}[${i}]`);
  };
  const remove = (i: number): void => onChange(intervals.filter((_, k) => k !== i), path);
  const add = (): void => {
    const last = intervals[intervals.length - 1];
    // Continue after the last interval so a new one rarely starts out overlapping.
    const from = last && /^\d\d:\d\d$/.test(last.to) && last.to !== '24:00' && !isOvernight(last) ? last.to : '09:00';
    onChange([...intervals, { from, to: from < '17:00' ? '17:00' : '23:00' }], path);
  };

  return (
    <div className="interval-list">
      {intervals.length === 0 && <span className="muted closed-note">{t.t('oh.closed')}</span>}
      {intervals.map((iv, i) => {
        const p = `${path}[${i}]`;
        const id = domId(p);
        return (
          <div key={i} className="interval" data-path={p}>
            <label className="time-field">
              <span className="sr-only">{t.t('oh.intervalPrefix', { label, n: i + 1 })}</span>{t.t('oh.from')}
              <input id={`${id}-from`} className="time-input" inputMode="numeric" placeholder="09:00" maxLength={5} value={iv.from}
                onChange={(e) => set(i, 'from', e.target.value)} {...errorProps(errors, `${p}.from`, `${id}-from`)} />
            </label>
            <label className="time-field">
              <span className="sr-only">{t.t('oh.intervalPrefix', { label, n: i + 1 })}</span>{t.t('oh.to')}
              <input id={`${id}-to`} className="time-input" inputMode="numeric" placeholder="17:00" maxLength={5} value={iv.to}
                onChange={(e) => set(i, 'to', e.target.value)} {...errorProps(errors, `${p}.to`, `${id}-to`)} />
            </label>
            {isOvernight(iv) && <span className="pill pill-muted">{t.t('oh.overnight')}</span>}
            <button type="button" className="icon-button" onClick={() => remove(i)}>{t.t('oh.remove')}<span className="sr-only">{t.t('oh.removeInterval', { label, n: i + 1 })}</span></button>
            <FieldError errors={errors} path={`${p}.from`} id={`${id}-from`} />
            <FieldError errors={errors} path={`${p}.to`} id={`${id}-to`} />
            <FieldError errors={errors} path={p} id={id} />
          </div>
        );
      })}
      <FieldError errors={errors} path={path} id={domId(path)} />
      {intervals.length < MAX && (
        <button type="button" className="link-button" onClick={add}>{t.t('oh.addInterval')}<span className="sr-only">{t.t('oh.addIntervalTo', { label })}</span></button>
      )}
    </div>
  );
}
