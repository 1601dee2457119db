// The page's own connection to the server: an agent must know when "online" is not reaching anyone.
import type { HostConnection } from '../host/host.js';
import { useT } from '../i18n/use-t.js';

export function ConnectionBadge({ connection }: { connection: HostConnection }) {
  const t = useT();
  const text = t.t(`conn.${connection}`);
  return <span className={`pill conn-${connection}`} role="status" aria-label={t.t('conn.label', { state: text })}>{text}</span>;
}
