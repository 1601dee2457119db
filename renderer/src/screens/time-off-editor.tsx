// An agent's time off (SPEC 11): periods of inclusive dates, saved with PUT /agents/:id/time-off.
// My status edits the caller's own (`me`); the Team screen's agent card passes `agent` so an admin
// edits that agent's. The server's field errors show at the period they name.
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { errorProps, fieldErrorsOf, type FieldErrors } from '../field-errors.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';

interface Period { from: string; to: string; note: string }
const viewSchema = z.object({ periods: z.array(z.object({ from: z.string(), to: z.string(), note: z.string().optional() })), timezone: z.string(), leaveUntil: z.string().nullable() });

interface Props {
  /** Whose time off: left out for the caller's own (My status). */
  agent?: { id: string; name: string };
  onSaved(): void;
  /** Shown as a close button when given (the agent card opens the editor on demand). */
  onClose?(): void;
}

export function TimeOffEditor({ agent, onSaved, onClose }: Props) {
  const host = useHost();
  const t = useT();
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [zone, setZone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const path = `/agents/${agent ? agent.id : 'me'}/time-off`;
  // Ids stay unique if My status and a card editor (or two cards) are ever on one page.
  const prefix = agent ? `time-off-${agent.id}` : 'time-off';
  const periodId = (i: number): string => `${prefix}-${i}`;

  const adopt = (v: z.infer<typeof viewSchema>): void => {
    setPeriods(v.periods.map((p) => ({ from: p.from, to: p.to, note: p.note ?? '' })));
    setZone(v.timezone);
  };
  useEffect(() => {
    void host.api()?.get(path, {}, viewSchema).then(adopt).catch((err: unknown) => setMessage({ ok: false, text: errorText(t, err) }));
  }, [host, t, path]);

  const edit = (i: number, patch: Partial<Period>): void => {
    setPeriods((ps) => ps!.map((p, j) => (j === i ? { ...p, ...patch } : p)));
    setMessage(null);
  };
  const save = async (): Promise<void> => {
    try {
      const body = { periods: periods!.map((p) => ({ from: p.from, to: p.to, ...(p.note.trim() ? { note: p.note.trim() } : {}) })) };
      adopt(await host.api()!.put(path, body, {}, viewSchema));
      setErrors({});
      setMessage({ ok: true, text: t.t('my.timeOffSaved') });
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ ok: false, text: errorText(t, err) });
    }
  };

  // A load error has no periods to edit, but it must still be seen.
  if (!periods) return message && <p className="banner warn" role="alert" data-testid="time-off-message">{message.text}</p>;
  return (
    <section className="card stack" aria-labelledby={`${prefix}-title`} data-testid="time-off-editor">
      <h2 id={`${prefix}-title`}>{agent ? t.t('team.timeOffTitle', { name: agent.name }) : t.t('my.timeOffTitle')}</h2>
      <p className="hint">{agent ? t.t('team.timeOffHint', { name: agent.name }) : t.t('my.timeOffHint')} ({zone})</p>
      {periods.length === 0 && <p className="muted">{t.t('my.timeOffNone')}</p>}
      {periods.map((p, i) => {
        const id = periodId(i);
        return (
          <div key={i} className="interval-row" data-testid="time-off-period">
            <label htmlFor={`${id}-from`}>{t.t('my.timeOffFrom')}</label>
            <input id={`${id}-from`} type="date" value={p.from} onChange={(e) => edit(i, { from: e.target.value })} {...errorProps(errors, `periods[${i}].from`, `${id}-from`)} />
            <FieldError errors={errors} path={`periods[${i}].from`} id={`${id}-from`} />
            <label htmlFor={`${id}-to`}>{t.t('my.timeOffTo')}</label>
            <input id={`${id}-to`} type="date" value={p.to} onChange={(e) => edit(i, { to: e.target.value })} {...errorProps(errors, `periods[${i}].to`, `${id}-to`)} />
            <FieldError errors={errors} path={`periods[${i}].to`} id={`${id}-to`} />
            <label htmlFor={`${id}-note`}>{t.t('my.timeOffNote')}</label>
            <input id={`${id}-note`} value={p.note} maxLength={200} onChange={(e) => edit(i, { note: e.target.value })} />
            <button type="button" onClick={() => setPeriods(periods.filter((_, j) => j !== i))}>{t.t('my.timeOffRemove')}</button>
          </div>
        );
      })}
      <div className="actions">
        <button type="button" onClick={() => setPeriods([...periods, { from: '', to: '', note: '' }])}>{t.t('my.timeOffAdd')}</button>
        <button type="button" className="primary" onClick={() => void save()}>{t.t('my.timeOffSave')}</button>
        {onClose && <button type="button" onClick={onClose}>{t.t('team.timeOffClose')}</button>}
      </div>
      {message && <p className={message.ok ? 'banner ok' : 'banner warn'} role={message.ok ? 'status' : 'alert'} data-testid="time-off-message">{message.text}</p>}
    </section>
  );
}
