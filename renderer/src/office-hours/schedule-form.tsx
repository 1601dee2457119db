// The editor of one schedule (the account's or a group's). The draft is local until saved; a
// rejected save keeps both the draft (to fix) and the stored schedule (unchanged on the server),
// and shows each server error at its field.
import { useRef, useState, type FormEvent } from 'react';
import type { OfficeHours } from '../../../src/common/office-hours.js';
import { fieldErrorsOf, withoutField, errorProps, type FieldErrors } from '../field-errors.js';
import { errorText } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { CheckField } from '../ui/check-field.js';
import { FieldError } from '../ui/field-error.js';
import { defaultDraft, humanPath, toDraft, toPayload, type Draft } from './draft.js';
import { CalendarView } from './calendar-view.js';
import { ExceptionsEditor } from './exceptions-editor.js';
import { HolidaysFields } from './holidays-fields.js';
import { SchedulePreview } from './schedule-preview.js';
import { TimeZoneSelect } from './time-zone-select.js';
import { WeekEditor } from './week-editor.js';

/** Whose schedule this is, for headings and messages ("the website", "group Sales"). */
export interface Scope { scope: 'website' | 'group'; name: string }

interface Props {
  title: Scope;
  saved: OfficeHours | null;
  /** Groups only: the account's schedule, used while the group inherits it. */
  inherited?: OfficeHours | null;
  save: (value: unknown) => Promise<OfficeHours | null>;
}

export function ScheduleForm({ title, saved, inherited, save }: Props) {
  const t = useT();
  const isGroup = inherited !== undefined;
  const [inherit, setInherit] = useState(isGroup && saved === null);
  const [draft, setDraft] = useState<Draft>(() => (saved ? toDraft(saved) : isGroup ? { ...toDraft(inherited ?? null), enabled: true } : defaultDraft(false)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // What the server stored last (holidays resolved into dates): the calendar draws this.
  const [stored, setStored] = useState<OfficeHours | null>(saved);
  const form = useRef<HTMLFormElement>(null);

  const edit = (path: string, next: Draft): void => {
    setDraft(next);
    setErrors((e) => withoutField(e, path));
    setMessage(null);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const stored = await save(inherit ? null : toPayload(draft));
      setErrors({});
      setStored(stored);
      if (stored) setDraft(toDraft(stored));
      setMessage({ kind: 'ok', text: t.t('oh.saved', { ...title }) });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      // Keyboard and screen-reader users land on the first field to fix.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      const n = Object.keys(fields).length;
      setMessage({ kind: 'error', text: n > 0 ? t.t('oh.notSavedFields', { count: n }) : t.t('oh.notSaved', { error: errorText(t, err) }) });
    } finally {
      setBusy(false);
    }
  };

  const editing = !inherit;
  return (
    <form ref={form} className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={t.t('oh.formLabel', { ...title })}>
      <SchedulePreview draft={inherit ? (inherited ? toDraft(inherited) : null) : draft} inherited={inherit} />
      <section className="card stack">
        {isGroup ? (
          <fieldset className="choices">
            <legend>{t.t('oh.hoursOf', { ...title })}</legend>
            <label className="check"><input type="radio" name="inherit" checked={inherit} onChange={() => { setInherit(true); setMessage(null); }} /> {t.t('oh.sameAsWebsite')}</label>
            <label className="check"><input type="radio" name="inherit" checked={!inherit} onChange={() => { setInherit(false); setMessage(null); }} /> {t.t('oh.ownHours')}</label>
          </fieldset>
        ) : (
          <CheckField id="oh-enabled" checked={draft.enabled} onChange={(on) => edit('enabled', { ...draft, enabled: on })}
            label={t.t('oh.use')} hint={t.t('oh.useHint')} />
        )}
        {editing && (
          <>
            {isGroup && (
              <label className="check">
                <input type="checkbox" checked={draft.enabled} onChange={(e) => edit('enabled', { ...draft, enabled: e.target.checked })} />
                {t.t('oh.groupOn')}
              </label>
            )}
            <TimeZoneSelect value={draft.timezone} errors={errors} onChange={(tz) => edit('timezone', { ...draft, timezone: tz })} />
            <WeekEditor weekly={draft.weekly} errors={errors}
              onChange={(day, next, path) => edit(path, { ...draft, weekly: { ...draft.weekly, [day]: next } })}
              onCopyToWeekdays={() => edit('weekly', { ...draft, weekly: { ...draft.weekly, tue: [...draft.weekly.mon], wed: [...draft.weekly.mon], thu: [...draft.weekly.mon], fri: [...draft.weekly.mon] } })} />
            <ExceptionsEditor exceptions={draft.exceptions} errors={errors} onChange={(next, path) => edit(path, { ...draft, exceptions: next })} />
            <HolidaysFields country={draft.holidaysCountry} region={draft.holidaysRegion} errors={errors}
              onChange={(country, region, path) => edit(path, { ...draft, holidaysCountry: country, holidaysRegion: region })} />
            <div className="field">
              <label htmlFor="oh-offline-message">{t.t('oh.offlineMessage')}</label>
              <textarea id="oh-offline-message" rows={2} maxLength={500} value={draft.offline} placeholder={t.t('oh.offlinePlaceholder')}
                onChange={(e) => edit('messages.offline', { ...draft, offline: e.target.value })} {...errorProps(errors, 'messages.offline', 'oh-offline-message')} />
              <FieldError errors={errors} path="messages.offline" id="oh-offline-message" />
            </div>
          </>
        )}
        {message && (
          <div className={message.kind === 'ok' ? 'banner ok' : 'banner warn'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="save-message">
            <p>{message.text}</p>
            {message.kind === 'error' && Object.keys(errors).length > 0 && (
              <ul>{Object.entries(errors).map(([p, text]) => <li key={p}>{humanPath(t, p)}: {text}</li>)}</ul>
            )}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? t.t('oh.saving') : t.t('oh.save')}</button>
        </div>
      </section>
      <CalendarView schedule={inherit ? inherited ?? null : stored} now={Date.now()} />
    </form>
  );
}
