// The agent's own time off (SPEC 11): periods of inclusive dates, saved with PUT
// /agents/me/time-off; the server's field errors show at the period they name.
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { errorProps, fieldErrorsOf, type FieldErrors } from '../field-errors.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';

interface Period { from: string; to: string; note: string }
const viewSchema = z.object({ periods: z.array(z.object({ from: z.string(), to: z.string(), note: z.string().optional() })), timezone: z.string(), leaveUntil: z.string().nullable() });

const periodId = (i: number): string => `time-off-${i}`;

export function TimeOffEditor({ onSaved }: { onSaved(): void }) {
  const host = useHost();
  const t = useT();
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [zone, setZone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const adopt = (v: z.infer<typeof viewSchema>): void => {
    setPeriods(v.periods.map((p) => ({ from: p.from, to: p.to, note: p.note ?? '' })));
    setZone(v.timezone);
  };
  useEffect(() => {
    void host.api()?.get('/agents/me/time-off', {}, viewSchema).then(adopt).catch((err: unknown) => setMessage({ ok: false, text: errorText(t, err) }));
  }, [host, t]);

  const edit = (i: number, patch: Partial<Period>): void => {
    setPeriods((ps) => ps!.map((p, j) => (j === i ? { ...p, ...patch } : p)));
    setMessage(null);
  };
  const save = async (): Promise<void> => {
    try {
      const body = { periods: periods!.map((p) => ({ from: p.from, to: p.to, ...(p.note.trim() ? { note: p.note.trim() } : {}) })) };
      adopt(await host.api()!.put('/agents/me/time-off', body, {}, viewSchema));
      setErrors({});
      setMessage({ ok: true, text: t.t('my.timeOffSaved') });
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ ok: false, text: errorText(t, err) });
    }
  };

  if (!periods) return null;
  return (
    <section className="card stack" aria-labelledby="time-off-title">
      <h2 id="time-off-title">{t.t('my.timeOffTitle')}</h2>
      <p className="hint">{t.t('my.timeOffHint')} ({zone})</p>
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
      </div>
      {message && <p className={message.ok ? 'banner ok' : 'banner warn'} role={message.ok ? 'status' : 'alert'} data-testid="time-off-message">{message.text}</p>}
    </section>
  );
}
