// The settings window inside the Electron app. The main process owns the one agent connection
// (the tray's); the page reads it through the preload bridge and calls the HTTP API itself with
// the server URL and token main hands out (`session.get`). It opens no socket of its own, so
// team data is refreshed on status pushes and on a slow poll.
import { PresenceApi } from '../../../src/client/api.js';
import type { AgentPresenceBridge, IpcChannel, IpcRequest, IpcResponse, StatusView } from '../../../src/common/ipc-contract.js';
import type { Status } from '../../../src/common/protocol.js';
import { SIGNED_OUT, type Host, type HostConnection, type HostSnapshot } from './host.js';

const POLL_MS = 10_000;
const CONNECTIONS: readonly string[] = ['signedOut', 'connecting', 'connected', 'reconnecting', 'closed'];

export async function invokeBridge<C extends IpcChannel>(bridge: AgentPresenceBridge, channel: C, payload?: IpcRequest<C>): Promise<IpcResponse<C>> {
  const res = await bridge.invoke(channel, payload);
  if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
  return res.value;
}

function fromView(v: StatusView): HostSnapshot {
  const connection = (v.signedIn ? (CONNECTIONS.includes(v.connection) ? v.connection : 'connecting') : 'signedOut') as HostConnection;
  return {
    connection,
    agent: v.agent,
    own: v.status && v.effective ? { status: v.status, effective: v.effective, version: v.version, reason: v.reason, by: null, at: null } : null,
    chatBox: v.website ? { website: v.website, groups: v.groups } : null,
    lastError: v.lastError,
    deviceId: null,
  };
}

export function createAppHost(bridge: AgentPresenceBridge): Host {
  let snap: HostSnapshot = SIGNED_OUT;
  let api: PresenceApi | null = null;
  const listeners = new Set<() => void>();
  const dataListeners = new Set<() => void>();
  const emit = (): void => listeners.forEach((l) => l());
  const setView = (v: StatusView): void => { snap = fromView(v); emit(); dataListeners.forEach((l) => l()); };

  const refreshSession = async (): Promise<void> => {
    const s = await invokeBridge(bridge, 'session.get');
    const token = s.token;
    api = s.serverUrl && token ? new PresenceApi({ serverUrl: s.serverUrl, fetch: window.fetch.bind(window), token: () => token }) : null;
  };

  return {
    kind: 'app',
    defaultServerUrl: null,
    bridge,
    getSnapshot: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async start() {
      bridge.onEvent('status.changed', (v) => {
        // A sign-in or sign-out in the tray changes the token; fetch the session again.
        if (v.signedIn !== (snap.connection !== 'signedOut')) void refreshSession().then(() => setView(v));
        else setView(v);
      });
      await refreshSession();
      setView(await invokeBridge(bridge, 'status.get'));
      setInterval(() => dataListeners.forEach((l) => l()), POLL_MS);
    },
    async signIn(serverUrl, email, password) {
      await invokeBridge(bridge, 'auth.signIn', { serverUrl, email, password });
      await refreshSession();
      setView(await invokeBridge(bridge, 'status.get'));
    },
    async signOut() {
      await invokeBridge(bridge, 'auth.signOut');
      api = null;
      setView(await invokeBridge(bridge, 'status.get'));
    },
    async setStatus(status: Status) { await invokeBridge(bridge, 'status.set', { status }); },
    api: () => api,
    onDataChange(listener) {
      dataListeners.add(listener);
      return () => { dataListeners.delete(listener); };
    },
  };
}
