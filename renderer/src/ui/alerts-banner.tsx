// The admins' banner on every screen (SPEC 10): chat boxes unstaffed inside office hours past the
// account's threshold, and webhooks the server switched off. Read from GET /alerts every 15 s,
// the same information the coverage.gap.* events and the endpoint list carry.
import { useEffect, useState } from 'react';
import { adminAlertsSchema, type AdminAlerts } from '../../../src/common/webhook-schemas.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';

const POLL_MS = 15_000;

export function AlertsBanner() {
  const host = useHost();
  const t = useT();
  const [alerts, setAlerts] = useState<AdminAlerts | null>(null);
  useEffect(() => {
    let stopped = false;
    const read = async (): Promise<void> => {
      try {
        const next = await host.api()?.get('/alerts', {}, adminAlertsSchema);
        if (!stopped && next) setAlerts(next);
      } catch {
        // A banner that cannot load says nothing; the screens show connection problems.
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => { stopped = true; clearInterval(timer); };
  }, [host]);
  if (!alerts || (alerts.gaps.length === 0 && alerts.disabledWebhooks.length === 0)) return null;
  const when = (iso: string): string => t.dateTime(iso, { timeStyle: 'short' });
  return (
    <div className="stack" data-testid="admin-alerts">
      {alerts.gaps.map((g) => (
        <p key={g.groupId ?? ''} className="banner warn" role="status">
          {g.groupId === null ? t.t('alerts.gapWebsite', { since: when(g.since) }) : t.t('alerts.gapGroup', { group: g.groupName ?? g.groupId, since: when(g.since) })}
        </p>
      ))}
      {alerts.disabledWebhooks.map((w) => (
        <p key={w.id} className="banner warn" role="status">{t.t('alerts.webhookDisabled', { url: w.url })}</p>
      ))}
    </div>
  );
}
