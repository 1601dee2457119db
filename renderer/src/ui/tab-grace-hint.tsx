// Issue 23: while this tab is the agent's only device, closing it takes the agent offline for
// visitors after the server's tab grace (SPEC 2.1). Say so, with the server's own number, so an
// agent who works only in the browser is not surprised, and knows what keeps them online instead.
import type { PresenceView } from '../../../src/common/http-schemas.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';

/** True when the page's agent has no device but this tab (the tab itself counts as one). */
export function onlyThisTab(presence: PresenceView | null, agentId: string | undefined): boolean {
  const me = presence?.agents.find((a) => a.id === agentId);
  return me !== undefined && me.devices <= 1;
}

export function TabGraceHint({ presence }: { presence: PresenceView | null }) {
  const host = useHost();
  const snap = useHostSnapshot();
  const t = useT();
  if (host.kind !== 'browser' || snap.connection !== 'connected' || snap.tabGraceMs === null) return null;
  if (!onlyThisTab(presence, snap.agent?.id)) return null;
  return <p className="hint tab-grace-hint" data-testid="tab-grace-hint">{t.t('tabGrace.hint', { seconds: Math.round(snap.tabGraceMs / 1000) })}</p>;
}
