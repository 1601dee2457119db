// Issue 24: in a browser, the dashboard keeps an agent online only while a tab is open. The desktop
// app is what keeps the connection (and goes offline on quit, sleep, shutdown); say so where a new
// agent looks first: the sign-in screen and My status. Not shown inside the app itself.
import { useHost } from '../host/use-host.js';

export function DesktopAppHint({ admin = false }: { admin?: boolean }) {
  const host = useHost();
  if (host.kind !== 'browser') return null;
  return (
    <p className="hint desktop-hint" data-testid="desktop-app-hint">
      In a browser you stay online only while this tab is open. The Agent Presence desktop app (Windows, macOS, Linux) keeps
      you online from the tray and goes offline when you quit or shut down: {admin
        ? 'hand your team the installers (npm run dist:desktop; see docs/desktop.md).'
        : 'ask your admin for it.'}
    </p>
  );
}
