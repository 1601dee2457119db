// Hash routes (#/team): they work the same at the server's `/`, under app://renderer/ and from
// file://, with no server-side fallback needed.
import { useEffect, useState } from 'react';

export type Route = 'status' | 'team' | 'groups' | 'office-hours' | 'coverage' | 'activity' | 'settings' | 'integrations';
const ROUTES: readonly Route[] = ['status', 'team', 'groups', 'office-hours', 'coverage', 'activity', 'settings', 'integrations'];

function current(): Route {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'status';
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const on = (): void => setRoute(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
