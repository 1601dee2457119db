// The page's own connection to the server: an agent must know when "online" is not reaching anyone.
import type { HostConnection } from '../host/host.js';

const TEXT: Record<HostConnection, string> = {
  connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…', closed: 'Disconnected', signedOut: 'Signed out',
};

export function ConnectionBadge({ connection }: { connection: HostConnection }) {
  return <span className={`pill conn-${connection}`} role="status" aria-label={`Connection: ${TEXT[connection]}`}>{TEXT[connection]}</span>;
}
