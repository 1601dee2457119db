// One interface over the two places the renderer runs: a browser tab (the page holds its own
// agent connection through the client core) and the Electron settings window (the main process
// holds the connection; the page reaches it through the preload bridge). Screens only see this.
import type { ChatBoxView, ConnectionState, OwnStatusView } from '../../../src/client/types.js';
import type { PresenceApi } from '../../../src/client/api.js';
import type { AgentPresenceBridge } from '../../../src/common/ipc-contract.js';
import type { AgentSelf, Status } from '../../../src/common/protocol.js';

export type HostConnection = ConnectionState;

/**
 * The agent's own status (the protocol's `status` message). The app's status view carries only
 * the status itself, so there the rest may be null; `by` (who made the last change) in particular.
 */
export type OwnStatus = Pick<OwnStatusView, 'status' | 'effective'> & { [K in 'version' | 'reason' | 'by' | 'at']: OwnStatusView[K] | null };

export interface HostSnapshot {
  connection: HostConnection;
  agent: AgentSelf | null;
  own: OwnStatus | null;
  chatBox: ChatBoxView | null;
  lastError: string | null;
  /** This page's device id (browser only), to say "this device" instead of a kind. */
  deviceId: string | null;
  /** The server's tab grace (welcome.tabGraceMs, SPEC 2.1): how soon a closed tab sets visitors' view offline; browser only. */
  tabGraceMs: number | null;
}

export interface Host {
  readonly kind: 'browser' | 'app';
  /** Prefilled in the sign-in form; null in the app means "the built-in local server". */
  readonly defaultServerUrl: string | null;
  /** Present only inside the Electron app: the tray settings screen uses it. */
  readonly bridge: AgentPresenceBridge | null;
  getSnapshot(): HostSnapshot;
  subscribe(listener: () => void): () => void;
  start(): Promise<void>;
  signIn(serverUrl: string | null, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  setStatus(status: Status): Promise<void>;
  /** REST helper carrying the current token, or null while signed out. */
  api(): PresenceApi | null;
  /** Fires when team or configuration data may have changed, so views re-fetch. */
  onDataChange(listener: () => void): () => void;
}

export const SIGNED_OUT: HostSnapshot = { connection: 'signedOut', agent: null, own: null, chatBox: null, lastError: null, deviceId: null, tabGraceMs: null };
