// The shell: sign-in until there is an agent, then a header, the section links and one screen.
// Admin-only and app-only sections are hidden rather than disabled, so nobody tabs into dead ends.
import { useEffect, useRef } from 'react';
import { PRODUCT_NAME } from '../../src/common/i18n/locales.js';
import { useHost, useHostSnapshot } from './host/use-host.js';
import { LanguageSelect } from './i18n/language-select.js';
import { useT } from './i18n/use-t.js';
import { GroupsScreen } from './screens/groups-screen.js';
import { IntegrationsScreen } from './screens/integrations-screen.js';
import { AlertsBanner } from './ui/alerts-banner.js';
import { MyStatusScreen } from './screens/my-status-screen.js';
import { OfficeHoursScreen } from './office-hours/office-hours-screen.js';
import { SignInScreen } from './screens/sign-in-screen.js';
import { TeamScreen } from './screens/team-screen.js';
import { CoverageScreen } from './screens/coverage-screen.js';
import { ActivityScreen } from './screens/activity-screen.js';
import { TraySettingsScreen } from './screens/tray-settings-screen.js';
import { ConnectionBadge } from './ui/connection-badge.js';
import { useRoute, type Route } from './use-route.js';

export function App() {
  const host = useHost();
  const snap = useHostSnapshot();
  const route = useRoute();
  const t = useT();
  const main = useRef<HTMLElement>(null);
  const title = (r: Route): string => t.t(`nav.${r}`);

  useEffect(() => {
    document.title = snap.agent ? t.t('app.title', { section: title(route) }) : t.t('app.titleSignIn');
  });

  if (snap.connection === 'signedOut') return <SignInScreen />;
  if (!snap.agent) {
    return (
      <main className="center-page">
        <p role="status">{t.t('app.connecting')}</p>
        {snap.lastError && <p className="error-text">{snap.lastError}</p>}
        <button type="button" onClick={() => void host.signOut()}>{t.t('app.signOut')}</button>
      </main>
    );
  }

  const admin = snap.agent.role === 'admin';
  const routes: Route[] = ['status', 'team', 'activity', ...(admin ? (['groups', 'office-hours', 'coverage', 'integrations'] as const) : []), ...(host.bridge ? (['settings'] as const) : [])];
  const shown: Route = routes.includes(route) ? route : 'status';

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>{t.t('app.skip')}</a>
      <header className="topbar">
        <span className="brand">{PRODUCT_NAME}</span>
        <ConnectionBadge connection={snap.connection} />
        <span className="who">{admin ? t.t('app.whoAdmin', { name: snap.agent.name }) : snap.agent.name}</span>
        <LanguageSelect id="topbar-language" app={host.kind === 'app'} />
        <button type="button" className="link-button" onClick={() => void host.signOut()}>{t.t('app.signOut')}</button>
      </header>
      <nav className="sections" aria-label={t.t('app.sections')}>
        {routes.map((r) => (
          <a key={r} href={`#/${r}`} aria-current={r === shown ? 'page' : undefined}>{title(r)}</a>
        ))}
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <h1>{title(shown)}</h1>
        {snap.lastError && snap.connection !== 'connected' && <p className="banner warn" role="status">{snap.lastError}</p>}
        {admin && <AlertsBanner />}
        {shown === 'status' && <MyStatusScreen />}
        {shown === 'team' && <TeamScreen />}
        {shown === 'groups' && <GroupsScreen />}
        {shown === 'office-hours' && <OfficeHoursScreen />}
        {shown === 'coverage' && <CoverageScreen />}
        {shown === 'activity' && <ActivityScreen />}
        {shown === 'settings' && <TraySettingsScreen />}
        {shown === 'integrations' && <IntegrationsScreen />}
      </main>
    </div>
  );
}
