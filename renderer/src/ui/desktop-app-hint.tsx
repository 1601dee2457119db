// Issue 24: in a browser, the dashboard keeps an agent online only while a tab is open. The desktop
// app is what keeps the connection (and goes offline on quit, sleep, shutdown); say so where a new
// agent looks first: the sign-in screen and My status. Not shown inside the app itself.
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';

export function DesktopAppHint({ admin = false }: { admin?: boolean }) {
  const host = useHost();
  const t = useT();
  if (host.kind !== 'browser') return null;
  return <p className="hint desktop-hint" data-testid="desktop-app-hint">{t.t('desktop.hint', { who: admin ? 'admin' : 'agent' })}</p>;
}
