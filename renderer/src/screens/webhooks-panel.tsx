// Webhook endpoints (SPEC 10): add one (its signing secret is shown once, right here), switch it
// on and off, send a test event, and read its last deliveries.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  createdWebhookSchema, webhookAttemptListSchema, webhookEventTypeSchema, webhookListSchema, type WebhookAttempt, type WebhookView,
} from '../../../src/common/webhook-schemas.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';

const EVENTS = webhookEventTypeSchema.options;
const LOG_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

export function WebhooksPanel() {
  const host = useHost();
  const t = useT();
  const [hooks, setHooks] = useState<WebhookView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['agent.status.changed']);
  const [format, setFormat] = useState<'json' | 'slack'>('json');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setHooks((await host.api()!.get('/webhooks', {}, webhookListSchema)).webhooks);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [host, t]);
  useEffect(() => { void reload(); }, [reload]);

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const created = await host.api()!.post('/webhooks', { url, events, format }, {}, createdWebhookSchema);
      setSecret({ url: created.url, secret: created.secret });
      setUrl('');
      await reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const toggle = (name: string): void => setEvents((list) => (list.includes(name) ? list.filter((x) => x !== name) : [...list, name]));

  return (
    <section className="card stack" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t.t('integrations.webhooksTitle')}</h2>
      {error && <p className="banner warn" role="alert">{error}</p>}
      <form className="stack" onSubmit={(e) => void add(e)}>
        <label htmlFor="webhook-url">{t.t('integrations.url')}</label>
        <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        <fieldset className="choices">
          <legend>{t.t('integrations.events')}</legend>
          {EVENTS.map((name) => (
            <label key={name} className="check"><input type="checkbox" checked={events.includes(name)} onChange={() => toggle(name)} /> <code>{name}</code></label>
          ))}
        </fieldset>
        <label htmlFor="webhook-format">{t.t('integrations.format')}</label>
        <select id="webhook-format" value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'slack')}>
          <option value="json">{t.t('integrations.formatJson')}</option>
          <option value="slack">{t.t('integrations.formatSlack')}</option>
        </select>
        <button type="submit" className="primary" disabled={url.trim() === '' || events.length === 0}>{t.t('integrations.add')}</button>
      </form>
      {secret && (
        <p className="banner info" role="status" data-testid="webhook-secret">
          {t.t('integrations.secret', { url: secret.url })} <code>{secret.secret}</code>
        </p>
      )}
      {hooks === null ? <p className="muted">{t.t('app.loading')}</p> : hooks.length === 0 ? <p className="muted">{t.t('integrations.none')}</p> : (
        <ul className="stack plain-list" aria-label={t.t('integrations.webhooksTitle')}>
          {hooks.map((h) => <WebhookItem key={h.id} hook={h} onChanged={reload} />)}
        </ul>
      )}
    </section>
  );
}

function WebhookItem({ hook, onChanged }: { hook: WebhookView; onChanged: () => Promise<void> }) {
  const host = useHost();
  const t = useT();
  const [log, setLog] = useState<WebhookAttempt[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    setNote(null);
    try {
      await fn();
    } catch (err) {
      setNote(errorText(t, err));
    }
  };
  const showLog = (): Promise<void> => act(async () => setLog((await host.api()!.get(`/webhooks/${hook.id}/deliveries`, {}, webhookAttemptListSchema)).attempts));

  return (
    <li className="card stack" data-testid="webhook">
      <p><code>{hook.url}</code> · {hook.events.join(', ')}</p>
      <label className="check">
        <input type="checkbox" checked={hook.enabled} onChange={() => void act(async () => { await host.api()!.patch(`/webhooks/${hook.id}`, { enabled: !hook.enabled }); await onChanged(); })} />
        {' '}{t.t('integrations.enabled')}
      </label>
      {hook.disabledReason === 'failing' && <p className="banner warn">{t.t('integrations.disabledFailing')}</p>}
      <div className="inline-form">
        <button type="button" disabled={!hook.enabled} onClick={() => void act(async () => { await host.api()!.post(`/webhooks/${hook.id}/test`); setNote(t.t('integrations.testSent')); })}>{t.t('integrations.test')}</button>
        <button type="button" onClick={() => void showLog()}>{t.t('integrations.log')}</button>
        <button type="button" className="danger" onClick={() => void act(async () => { await host.api()!.del(`/webhooks/${hook.id}`); await onChanged(); })}>{t.t('integrations.delete')}</button>
      </div>
      {note && <p role="status">{note}</p>}
      {log && (log.length === 0 ? <p className="muted">{t.t('integrations.logEmpty')}</p> : (
        <table aria-label={t.t('integrations.log')}>
          <thead><tr><th>{t.t('integrations.logAt')}</th><th>{t.t('integrations.logEvent')}</th><th>{t.t('integrations.logResult')}</th><th>{t.t('integrations.logDuration')}</th></tr></thead>
          <tbody>
            {log.map((a, i) => (
              <tr key={`${a.at}-${i}`}>
                <td>{t.dateTime(a.at, LOG_TIME)}</td>
                <td><code>{a.type}</code></td>
                <td>{a.status ?? a.error}</td>
                <td>{t.t('integrations.ms', { ms: a.durationMs })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </li>
  );
}
