// The settings window inside the Electron app. The main process owns the one agent connection
// (the tray's) and the token; the page reads the connection through the preload bridge and sends
// its HTTP API calls to its own origin (app://renderer/api/v1/…), which main's protocol handler
// forwards to the server in use with the token added (SPEC 6). The page is never cross-origin with
// the backend, so no CORS, and the token never reaches the page. It opens no socket of its own, so
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
    // The app's connection is the tray's, which no closed window ends (issue 23's hint is browser-only).
    tabGraceMs: null,
  };
}

export function createAppHost(bridge: AgentPresenceBridge): Host {
  let snap: HostSnapshot = SIGNED_OUT;
  const api = new PresenceApi({ serverUrl: window.location.origin, fetch: window.fetch.bind(window) });
  const listeners = new Set<() => void>();
  const dataListeners = new Set<() => void>();
  const emit = (): void => listeners.forEach((l) => l());
  const setView = (v: StatusView): void => { snap = fromView(v); emit(); dataListeners.forEach((l) => l()); };

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
      bridge.onEvent('status.changed', setView);
      setView(await invokeBridge(bridge, 'status.get'));
      setInterval(() => dataListeners.forEach((l) => l()), POLL_MS);
    },
    async signIn(serverUrl, email, password) {
      await invokeBridge(bridge, 'auth.signIn', { serverUrl, email, password });
      setView(await invokeBridge(bridge, 'status.get'));
    },
    async signOut() {
      await invokeBridge(bridge, 'auth.signOut');
      setView(await invokeBridge(bridge, 'status.get'));
    },
    async setStatus(status: Status) { await invokeBridge(bridge, 'status.set', { status }); },
    api: () => (snap.connection === 'signedOut' ? null : api),
    onDataChange(listener) {
      dataListeners.add(listener);
      return () => { dataListeners.delete(listener); };
    },
  };
}
