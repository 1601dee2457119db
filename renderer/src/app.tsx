// The shell: sign-in until there is an agent, then a header, the section links and one screen.
// Admin-only and app-only sections are hidden rather than disabled, so nobody tabs into dead ends.
import { useEffect, useRef } from 'react';
import { useHost, useHostSnapshot } from './host/use-host.js';
import { GroupsScreen } from './screens/groups-screen.js';
import { MyStatusScreen } from './screens/my-status-screen.js';
import { OfficeHoursScreen } from './office-hours/office-hours-screen.js';
import { SignInScreen } from './screens/sign-in-screen.js';
import { TeamScreen } from './screens/team-screen.js';
import { TraySettingsScreen } from './screens/tray-settings-screen.js';
import { ConnectionBadge } from './ui/connection-badge.js';
import { useRoute, type Route } from './use-route.js';

const TITLES: Record<Route, string> = {
  status: 'My status', team: 'Team', groups: 'Groups', 'office-hours': 'Office hours', settings: 'Tray settings',
};

export function App() {
  const host = useHost();
  const snap = useHostSnapshot();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = snap.agent ? `${TITLES[route]} · Agent Presence` : 'Sign in · Agent Presence';
  }, [route, snap.agent]);

  if (snap.connection === 'signedOut') return <SignInScreen />;
  if (!snap.agent) {
    return (
      <main className="center-page">
        <p role="status">Connecting to the server…</p>
        {snap.lastError && <p className="error-text">{snap.lastError}</p>}
        <button type="button" onClick={() => void host.signOut()}>Sign out</button>
      </main>
    );
  }

  const admin = snap.agent.role === 'admin';
  const routes: Route[] = ['status', 'team', ...(admin ? (['groups', 'office-hours'] as const) : []), ...(host.bridge ? (['settings'] as const) : [])];
  const shown: Route = routes.includes(route) ? route : 'status';

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>Skip to content</a>
      <header className="topbar">
        <span className="brand">Agent Presence</span>
        <ConnectionBadge connection={snap.connection} />
        <span className="who">{snap.agent.name}{admin ? ' (admin)' : ''}</span>
        <button type="button" className="link-button" onClick={() => void host.signOut()}>Sign out</button>
      </header>
      <nav className="sections" aria-label="Sections">
        {routes.map((r) => (
          <a key={r} href={`#/${r}`} aria-current={r === shown ? 'page' : undefined}>{TITLES[r]}</a>
        ))}
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <h1>{TITLES[shown]}</h1>
        {snap.lastError && snap.connection !== 'connected' && <p className="banner warn" role="status">{snap.lastError}</p>}
        {shown === 'status' && <MyStatusScreen />}
        {shown === 'team' && <TeamScreen />}
        {shown === 'groups' && <GroupsScreen />}
        {shown === 'office-hours' && <OfficeHoursScreen />}
        {shown === 'settings' && <TraySettingsScreen />}
      </main>
    </div>
  );
}
