// Types of the client core. Everything environment-specific (WebSocket, fetch, timers, random,
// storage) is injected so the same engine runs in Electron main, the CLI and the browser.
import type { AgentSelf, ChatBoxStatus, DeviceKind, OwnStatus, Reason, Status } from '../common/protocol.js';
import type { Clock } from '../common/clock.js';

export type ConnectionState = 'signedOut' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** The agent's own status as the UIs show it: the protocol's `status` message without its type. */
export type OwnStatusView = Omit<OwnStatus, 'type'>;

export interface ChatBoxView {
  website: ChatBoxStatus;
  groups: Record<string, ChatBoxStatus>;
}

export interface ClientSnapshot {
  connection: ConnectionState;
  agent: AgentSelf | null;
  status: OwnStatusView | null;
  chatBox: ChatBoxView | null;
  lastError: { code: string; message: string } | null;
}

export interface StoredCredentials {
  token: string | null;
  deviceId: string | null;
}

export interface CredentialStore {
  load(): Promise<StoredCredentials>;
  save(v: { token: string | null; deviceId: string }): Promise<void>;
}

/**
 * The part of a WebSocket the core uses. Both the browser's WebSocket and `ws` fit it.
 * Handler parameters are typed `never` so either library's event types are assignable; the
 * engine reads only `data` (message) and `code`/`reason` (close), which both provide.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  /** `ws` only: protocol-level ping frame. Its presence selects ping frames in `pingMode: 'auto'`. */
  ping?: (...args: never[]) => void;
  /** `ws` only: drop the TCP connection without a closing handshake (dead peers never answer one). */
  terminate?: () => void;
  /** `ws` only: EventEmitter, used to see ping/pong frames, which browsers hide. */
  on?: (event: 'ping' | 'pong', listener: () => void) => unknown;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type PingMode = 'app' | 'frames' | 'auto';

export interface PresenceClientOptions {
  /** http(s)://host:port of the backend; the socket URL is derived from it. */
  serverUrl: string;
  WebSocket: WebSocketConstructor;
  fetch: typeof fetch;
  credentials: CredentialStore;
  device: { kind: DeviceKind; name?: string };
  clock?: Clock;
  random?: () => number;
  pingMode?: PingMode;
  /** Silence tolerated past heartbeatMs before reconnecting (SPEC 4.1.5: 10 s). */
  silenceMarginMs?: number;
  /** How long to wait for `welcome` after opening a socket (a black-holed connect can hang). */
  connectTimeoutMs?: number;
  /** A connection that lasted this long resets the backoff attempt counter. */
  stableAfterMs?: number;
}

export type { Reason, Status };
