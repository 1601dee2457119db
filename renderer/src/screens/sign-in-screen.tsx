// Sign in. In the app the server URL is a field (blank = the built-in local server); in a browser
// the dashboard talks to the server that served it, so the field is not shown.
import { useState, type FormEvent } from 'react';
import { errorText } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { LanguageSelect } from '../i18n/language-select.js';
import { useT } from '../i18n/use-t.js';
import { DesktopAppHint } from '../ui/desktop-app-hint.js';

const EXAMPLE_SERVER = 'https://presence.example.com';

export function SignInScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const t = useT();
  const [serverUrl, setServerUrl] = useState(host.defaultServerUrl ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!email.trim() || !password) { setError(t.t('signIn.missing')); return; }
    setBusy(true);
    setError(null);
    try {
      await host.signIn(serverUrl.trim() === '' ? null : serverUrl.trim(), email.trim(), password);
    } catch (err) {
      // At sign-in a 401 can only mean the credentials; errorText's "session expired" would mislead.
      setError((err as { code?: string }).code === 'unauthorized' ? t.t('signIn.wrong') : errorText(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  // A token the server refused (expired, revoked, disabled agent) lands here with a reason.
  const notice = !error && snap.lastError ? snap.lastError : null;

  return (
    <main className="center-page">
      <form className="card sign-in" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sign-in-title">
        <div className="sign-in-head">
          <h1 id="sign-in-title">{t.t('signIn.title')}</h1>
          <LanguageSelect id="sign-in-language" app={host.kind === 'app'} />
        </div>
        {host.kind === 'app' && (
          <div className="field">
            <label htmlFor="server-url">{t.t('signIn.serverUrl')}</label>
            <input id="server-url" type="url" inputMode="url" placeholder={EXAMPLE_SERVER} value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)} aria-describedby="server-url-hint" />
            <p id="server-url-hint" className="hint">{t.t('signIn.serverHint')}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="email">{t.t('signIn.email')}</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'sign-in-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="password">{t.t('signIn.password')}</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'sign-in-error' : undefined} />
        </div>
        {error && <p id="sign-in-error" className="error-text" role="alert">{error}</p>}
        {notice && <p className="banner warn" role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t.t('signIn.busy') : t.t('signIn.submit')}</button>
        <DesktopAppHint />
      </form>
    </main>
  );
}
