// Integrations (admin, SPEC 10): webhook endpoints and integration tokens.
import { TokensPanel } from './tokens-panel.js';
import { WebhooksPanel } from './webhooks-panel.js';

export function IntegrationsScreen() {
  return (
    <div className="stack">
      <WebhooksPanel />
      <TokensPanel />
    </div>
  );
}
