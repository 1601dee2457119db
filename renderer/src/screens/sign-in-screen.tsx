// Sign in. In the app the server URL is a field (blank = the built-in local server); in a browser
// the dashboard talks to the server that served it, so the field is not shown.
import { useState, type FormEvent } from 'react';
import { errorText } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { DesktopAppHint } from '../ui/desktop-app-hint.js';

export function SignInScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const [serverUrl, setServerUrl] = useState(host.defaultServerUrl ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!email.trim() || !password) { setError('Enter your email and password.'); return; }
    setBusy(true);
    setError(null);
    try {
      await host.signIn(serverUrl.trim() === '' ? null : serverUrl.trim(), email.trim(), password);
    } catch (err) {
      // At sign-in a 401 can only mean the credentials; errorText's "session expired" would mislead.
      setError((err as { code?: string }).code === 'unauthorized' ? 'Wrong email or password.' : errorText(err));
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
        <h1 id="sign-in-title">Sign in to Agent Presence</h1>
        {host.kind === 'app' && (
          <div className="field">
            <label htmlFor="server-url">Server URL</label>
            <input id="server-url" type="url" inputMode="url" placeholder="https://presence.example.com" value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)} aria-describedby="server-url-hint" />
            <p id="server-url-hint" className="hint">Leave blank to use the server built into this app.</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'sign-in-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'sign-in-error' : undefined} />
        </div>
        {error && <p id="sign-in-error" className="error-text" role="alert">{error}</p>}
        {notice && <p className="banner warn" role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <DesktopAppHint />
      </form>
    </main>
  );
}
