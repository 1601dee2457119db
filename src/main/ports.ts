// The small interfaces the desktop logic depends on. src/main/wire.ts adapts the real Electron
// objects to them; tests pass fakes. Nothing here imports Electron values.
import type { AgentSelf, Reason, Status } from '../common/protocol.js';
import type { ClientSnapshot, CredentialStore } from '../client/types.js';

export type { ClientSnapshot, CredentialStore };

/** The subset of PresenceClient (src/client/presence-client.ts) the tray app uses. */
export interface AgentClientPort {
  login(email: string, password: string): Promise<AgentSelf>;
  logout(): Promise<void>;
  start(): Promise<void>;
  getSnapshot(): ClientSnapshot;
  subscribe(listener: (s: ClientSnapshot) => void): () => void;
  setStatus(status: Status, reason?: Reason, opts?: { until?: string }): Promise<{ version: number }>;
  goOfflineAndClose(opts?: { reason?: Reason; timeoutMs?: number }): Promise<{ via: string }>;
  signOffThisDevice(): Promise<void>;
  hint(what: 'network-back' | 'resume'): void;
  stop(): void;
}

export interface MenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'radio' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

export type TrayIconState = 'online' | 'away' | 'offline' | 'disconnected' | 'online-hidden';

export interface TrayPort {
  setIcon(state: TrayIconState): void;
  setToolTip(text: string): void;
  setContextMenu(template: MenuItem[]): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

export interface PowerPort {
  on(event: PowerEvent, listener: () => void): void;
  /** Seconds since the last keyboard or mouse input. */
  getSystemIdleTime(): number;
  /** 'active' | 'idle' | 'locked' | 'unknown'; 'locked' only where the OS reports it. */
  getSystemIdleState(idleThresholdSeconds: number): string;
}

export interface AppPort {
  exit(code: number): void;
  quit(): void;
}

export type { LoginItemPort } from './login-item.js';

/** electron-updater's autoUpdater, reduced to what the update policy needs (src/main/updater.ts). */
export interface UpdaterPort {
  /** A generic-provider feed from the settings; null keeps the feed built into the app, if any. */
  setFeedUrl(url: string | null): void;
  /** Checks, and downloads in the background when there is an update. */
  check(): Promise<void>;
  onDownloaded(listener: (version: string) => void): void;
  /** Starts installing the downloaded update; the caller exits the process right after. */
  install(): void;
}

/** safeStorage. */
export interface SecretPort {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Uint8Array;
  decryptString(cipher: Uint8Array): string;
  /** Linux only: 'basic_text' means "encrypted" with a hard-coded key, i.e. no keyring. */
  getSelectedStorageBackend?(): string;
}

/** A JSON document store (electron-store in the app, a Map in tests). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface WindowPort {
  show(): void;
  send(event: string, payload: unknown): void;
}

export interface NotifierPort {
  isSupported(): boolean;
  show(title: string, body: string): void;
}

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (msg, extra) => console.log(`[desktop] ${msg}`, extra ?? ''),
  warn: (msg, extra) => console.warn(`[desktop] ${msg}`, extra ?? ''),
  error: (msg, extra) => console.error(`[desktop] ${msg}`, extra ?? ''),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
