// Entry point. Inside the Electron app the preload has put `window.agentPresence` there; in a
// browser it is absent and the page connects to the server that served it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AgentPresenceBridge } from '../../src/common/ipc-contract.js';
import { App } from './app.js';
import { createAppHost } from './host/app-host.js';
import { createBrowserHost } from './host/browser-host.js';
import { HostContext } from './host/use-host.js';
import { I18nProvider } from './i18n/i18n-provider.js';
import './styles.css';

const bridge = (window as { agentPresence?: AgentPresenceBridge }).agentPresence;
const host = bridge ? createAppHost(bridge) : createBrowserHost();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HostContext.Provider value={host}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </HostContext.Provider>
  </StrictMode>,
);

void host.start().catch((err: unknown) => console.warn('agent presence: start failed', err));
