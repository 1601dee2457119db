// Integration tokens (SPEC 10): create one with scopes (the token is shown once, right here),
// see when each was last used, revoke.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { createdTokenSchema, tokenListSchema, tokenScopeSchema, type IntegrationTokenView } from '../../../src/common/token-schemas.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';

const SCOPES = tokenScopeSchema.options;

export function TokensPanel() {
  const host = useHost();
  const t = useT();
  const [tokens, setTokens] = useState<IntegrationTokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['presence:read']);
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setTokens((await host.api()!.get('/tokens', {}, tokenListSchema)).tokens);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [host, t]);
  useEffect(() => { void reload(); }, [reload]);

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const made = await host.api()!.post('/tokens', { name, scopes }, {}, createdTokenSchema);
      setShown({ name: made.name, token: made.token });
      setName('');
      await reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  const revoke = async (id: string): Promise<void> => {
    try {
      await host.api()!.del(`/tokens/${id}`);
      await reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  const toggle = (s: string): void => setScopes((list) => (list.includes(s) ? list.filter((x) => x !== s) : [...list, s]));

  return (
    <section className="card stack" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t.t('integrations.tokensTitle')}</h2>
      {error && <p className="banner warn" role="alert">{error}</p>}
      <form className="stack" onSubmit={(e) => void create(e)}>
        <label htmlFor="token-name">{t.t('integrations.tokenName')}</label>
        <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="choices">
          <legend>{t.t('integrations.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check"><input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} /> <code>{s}</code></label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={name.trim() === '' || scopes.length === 0}>{t.t('integrations.createToken')}</button>
      </form>
      {shown && (
        <p className="banner info" role="status" data-testid="token-once">
          {t.t('integrations.token', { name: shown.name })} <code>{shown.token}</code>
        </p>
      )}
      {tokens === null ? <p className="muted">{t.t('app.loading')}</p> : tokens.length === 0 ? <p className="muted">{t.t('integrations.tokensNone')}</p> : (
        <ul className="stack plain-list" aria-label={t.t('integrations.tokensTitle')}>
          {tokens.map((k) => (
            <li key={k.id} className="inline-form" data-testid="token">
              <strong>{k.name}</strong> <code>{k.scopes.join(' ')}</code>
              <span className="muted">{k.lastUsedAt ? t.t('integrations.lastUsed', { at: t.dateTime(k.lastUsedAt, { dateStyle: 'short', timeStyle: 'short' }) }) : t.t('integrations.neverUsed')}</span>
              <button type="button" className="danger" onClick={() => void revoke(k.id)}>{t.t('integrations.revoke')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
