// The dashboard in a browser tab: the page is a device of its own (kind `web`, or `mobile` on a
// phone) and talks to the backend that served it. Token in localStorage so a reload stays signed
// in; the device id in sessionStorage, because two tabs sharing one id would keep replacing each
// other (close code 4409) while a reload of the same tab should continue as the same device.
import { PresenceClient, type ClientSnapshot, type CredentialStore } from '../../../src/client/presence-client.js';
import type { PresenceApi } from '../../../src/client/api.js';
import type { Status } from '../../../src/common/protocol.js';
import type { Host, HostSnapshot } from './host.js';

const TOKEN_KEY = 'agentPresence.token';
const DEVICE_KEY = 'agentPresence.deviceId';

function storageCredentials(): CredentialStore {
  return {
    load: async () => ({ token: localStorage.getItem(TOKEN_KEY), deviceId: sessionStorage.getItem(DEVICE_KEY) }),
    save: async ({ token, deviceId }) => {
      if (token === null) localStorage.removeItem(TOKEN_KEY);
      else localStorage.setItem(TOKEN_KEY, token);
      sessionStorage.setItem(DEVICE_KEY, deviceId);
    },
  };
}

function isPhone(): boolean {
  return /Android|iPhone|iPad|Mobile/i.test(navigator.userAgent);
}

function toHostSnapshot(s: ClientSnapshot, deviceId: string | null, tabGraceMs: number | null): HostSnapshot {
  return {
    connection: s.connection,
    agent: s.agent,
    own: s.status ? { ...s.status } : null,
    chatBox: s.chatBox,
    lastError: s.lastError?.message ?? null,
    deviceId,
    tabGraceMs,
  };
}

export function createBrowserHost(serverUrl = window.location.origin): Host {
  const client = new PresenceClient({
    serverUrl,
    WebSocket: window.WebSocket,
    fetch: window.fetch.bind(window),
    credentials: storageCredentials(),
    device: isPhone() ? { kind: 'mobile', name: 'Phone browser' } : { kind: 'web', name: 'Web dashboard' },
    // Browsers hide ping frames; app-level pings keep dead-connection detection working.
    pingMode: 'app',
  });
  let snap = toHostSnapshot(client.getSnapshot(), null, null);
  let signedIn = false;
  const dataListeners = new Set<() => void>();
  client.onServerMessage((m) => {
    if (m.type === 'team' || m.type === 'config.changed') dataListeners.forEach((l) => l());
  });
  const recompute = (s: ClientSnapshot): void => {
    snap = toHostSnapshot(s, client.currentDeviceId, client.tabGraceMs);
    signedIn = s.connection !== 'signedOut';
  };
  client.subscribe(recompute);

  return {
    kind: 'browser',
    defaultServerUrl: serverUrl,
    bridge: null,
    getSnapshot: () => snap,
    subscribe: (listener) => client.subscribe(() => listener()),
    start: () => client.start(),
    async signIn(_serverUrl, email, password) {
      await client.login(email, password);
      await client.start();
    },
    signOut: () => client.logout(),
    async setStatus(status: Status) { await client.setStatus(status, 'manual'); },
    api: (): PresenceApi | null => (signedIn ? client.api : null),
    onDataChange(listener) {
      dataListeners.add(listener);
      return () => { dataListeners.delete(listener); };
    },
  };
}
