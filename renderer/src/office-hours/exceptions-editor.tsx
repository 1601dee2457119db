// Exceptions: dates that replace the weekly hours, either closed all day or with special hours.
import type { Interval } from '../../../src/common/office-hours.js';
import { errorProps, type FieldErrors } from '../field-errors.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';
import type { Draft } from './draft.js';
import { IntervalList } from './interval-list.js';

interface Props {
  exceptions: Draft['exceptions'];
  errors: FieldErrors;
  onChange: (next: Draft['exceptions'], editedPath: string) => void;
}

// Paths match the server's validation details (`exceptions[0].date`); ids tie errors to inputs.
const exceptionPath = (i: number): string => `exceptions[${i}]`;
const exceptionDomId = (i: number): string => `oh-exceptions-${i}`;

export function ExceptionsEditor({ exceptions, errors, onChange }: Props) {
  const t = useT();
  const update = (i: number, patch: Partial<{ date: string; intervals: Interval[] }>, edited: string): void =>
    onChange(exceptions.map((e, k) => (k === i ? { ...e, ...patch } : e)), edited);

  const add = (): void => {
    const d = new Date();
    d.setDate(d.getDate() + 7);
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    onChange([...exceptions, { date, intervals: [] }], 'exceptions');
  };

  return (
    <fieldset className="exceptions">
      <legend>{t.t('oh.exceptions')}</legend>
      {exceptions.length === 0 && <p className="muted">{t.t('oh.noExceptions')}</p>}
      {exceptions.map((e, i) => {
        const p = exceptionPath(i);
        const id = exceptionDomId(i);
        const closed = e.intervals.length === 0;
        return (
          <div key={i} className="exception-row" data-path={p}>
            <div className="exception-head">
              <label className="time-field">
                {t.t('oh.date')} <span className="sr-only">{t.t('oh.dateOf', { n: i + 1 })}</span>
                <input id={`${id}-date`} type="date" value={e.date} onChange={(ev) => update(i, { date: ev.target.value }, `${p}.date`)}
                  {...errorProps(errors, `${p}.date`, `${id}-date`)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={closed}
                  onChange={(ev) => update(i, { intervals: ev.target.checked ? [] : [{ from: '09:00', to: '13:00' }] }, `${p}.intervals`)} />
                {t.t('oh.closedAllDay')} <span className="sr-only">{t.t('oh.closedOn', { n: i + 1 })}</span>
              </label>
              <button type="button" className="icon-button"
                onClick={() => onChange(exceptions.filter((_, k) => k !== i), 'exceptions')}>{t.t('oh.remove')}<span className="sr-only">{t.t('oh.removeException', { n: i + 1 })}</span></button>
            </div>
            <FieldError errors={errors} path={`${p}.date`} id={`${id}-date`} />
            <FieldError errors={errors} path={p} id={id} />
            {!closed && (
              <IntervalList path={`${p}.intervals`} label={t.t('oh.exception', { n: i + 1 })} intervals={e.intervals} errors={errors}
                onChange={(next, edited) => update(i, { intervals: next }, edited)} />
            )}
          </div>
        );
      })}
      <FieldError errors={errors} path="exceptions" id="oh-exceptions" />
      <button type="button" className="link-button" onClick={add}>{t.t('oh.addException')}</button>
    </fieldset>
  );
}
