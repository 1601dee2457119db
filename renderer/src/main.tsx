// Entry point. Inside the Electron app the preload has put `window.agentPresence` there; in a
// browser it is absent and the page connects to the server that served it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AgentPresenceBridge } from '../../src/common/ipc-contract.js';
import { App } from './app.js';
import { createAppHost, invokeBridge } from './host/app-host.js';
import { createBrowserHost } from './host/browser-host.js';
import { HostContext } from './host/use-host.js';
import { I18nProvider, type LanguageSync } from './i18n/i18n-provider.js';
import './styles.css';

const bridge = (window as { agentPresence?: AgentPresenceBridge }).agentPresence;
const host = bridge ? createAppHost(bridge) : createBrowserHost();

// In the app the language is the tray setting, so the tray menu and this window agree.
const languageSync: LanguageSync | undefined = bridge ? {
  load: async () => (await invokeBridge(bridge, 'settings.get')).settings.language,
  save: (language) => { void invokeBridge(bridge, 'settings.set', { language }).catch(() => undefined); },
  onChange: (listener) => bridge.onEvent('settings.changed', (v) => listener(v.settings.language)),
} : undefined;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HostContext.Provider value={host}>
      <I18nProvider sync={languageSync}>
        <App />
      </I18nProvider>
    </HostContext.Provider>
  </StrictMode>,
);

void host.start().catch((err: unknown) => console.warn('agent presence: start failed', err));
