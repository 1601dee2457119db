// Settings and credentials persisted in one store (electron-store in the app). Settings are
// validated with the shared zod schema and migrated on load; the token is encrypted with
// safeStorage, and where no keyring exists it is kept in memory only, and the UI says so.
import { DEFAULT_SETTINGS, SETTINGS_VERSION, migrateSettings, traySettingsPatchSchema, type TraySettings, type TraySettingsPatch } from '../common/tray-settings.js';
import type { SettingsView } from '../common/ipc-contract.js';
import type { CredentialStore, KeyValueStore, Logger, SecretPort } from './ports.js';
import { silentLogger } from './ports.js';

export const NO_KEYRING_NOTICE =
  'No OS keyring is available (safeStorage cannot encrypt here), so your sign-in is kept in memory only and you will be asked to sign in again after a restart.';

export const STORED_SERVER_DROPPED_NOTICE =
  'The saved server address was refused (plain http:// to another computer): sign in again with its https:// address.';

interface StoredCredentials { deviceId?: string; token?: string; serverUrl?: string | null; email?: string }

export class SettingsService {
  private settings: TraySettings = { ...DEFAULT_SETTINGS };
  private readonly notices: string[] = [];
  private memoryToken: string | null = null;
  private readonly listeners = new Set<(s: TraySettings) => void>();

  constructor(private readonly store: KeyValueStore, private readonly secrets: SecretPort, private readonly log: Logger = silentLogger) {
    const { settings, migratedFrom, problems } = migrateSettings(store.get('version') as number | undefined, store.get('settings'));
    this.settings = settings;
    for (const p of problems) {
      this.log.warn(`settings: ${p}`);
      // The window says so too: a dropped server address would otherwise look like a silent switch
      // to the built-in local server.
      this.notices.push(p.startsWith('serverUrl:') ? STORED_SERVER_DROPPED_NOTICE : `A saved setting was invalid and reset: ${p}`);
    }
    if (migratedFrom !== null || problems.length > 0) this.persist();
    if (!this.canEncrypt()) {
      this.notices.push(NO_KEYRING_NOTICE);
      this.log.warn(NO_KEYRING_NOTICE);
    }
  }

  get(): TraySettings { return { ...this.settings }; }

  view(): SettingsView {
    return { settings: this.get(), tokenStorage: this.canEncrypt() ? 'encrypted' : 'memory', notices: [...this.notices] };
  }

  /** Validates a partial update; throws a ZodError on bad input and changes nothing then. */
  update(patch: TraySettingsPatch): TraySettings {
    const valid = traySettingsPatchSchema.strict().parse(patch);
    this.settings = { ...this.settings, ...valid };
    this.persist();
    for (const l of this.listeners) l(this.get());
    return this.get();
  }

  onChange(listener: (s: TraySettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private persist(): void {
    this.store.set('version', SETTINGS_VERSION);
    this.store.set('settings', this.settings);
  }

  canEncrypt(): boolean {
    if (!this.secrets.isEncryptionAvailable()) return false;
    // Chromium falls back to a fixed key on Linux without a keyring: that is obfuscation, not encryption.
    return this.secrets.getSelectedStorageBackend?.() !== 'basic_text';
  }

  private creds(): StoredCredentials {
    const raw = this.store.get('credentials');
    return raw !== null && typeof raw === 'object' ? (raw as StoredCredentials) : {};
  }

  /** Which server the stored token belongs to; a token is never sent to another server. */
  credentialsServer(): string | null | undefined { return this.creds().serverUrl; }

  /** The CredentialStore the PresenceClient loads and saves through. */
  credentialStore(serverUrl: string | null): CredentialStore {
    return {
      load: async () => {
        const c = this.creds();
        const sameServer = c.serverUrl === undefined || c.serverUrl === serverUrl;
        return { deviceId: c.deviceId ?? null, token: sameServer ? this.readToken(c) : null };
      },
      save: async ({ token, deviceId }) => {
        this.memoryToken = token;
        const next: StoredCredentials = { ...this.creds(), deviceId, serverUrl };
        delete next.token;
        if (token && this.canEncrypt()) next.token = Buffer.from(this.secrets.encryptString(token)).toString('base64');
        this.store.set('credentials', next);
      },
    };
  }

  deviceId(): string | null { return this.creds().deviceId ?? null; }

  private readToken(c: StoredCredentials): string | null {
    if (this.memoryToken) return this.memoryToken;
    if (!c.token || !this.canEncrypt()) return null;
    try {
      return this.secrets.decryptString(Buffer.from(c.token, 'base64'));
    } catch (err) {
      // A keyring reset makes old ciphertext unreadable: sign in again rather than crash.
      this.log.warn('settings: stored token cannot be decrypted; sign in again', { err: String(err) });
      return null;
    }
  }

  currentToken(): string | null { return this.memoryToken ?? this.readToken(this.creds()); }

  clearToken(): void {
    this.memoryToken = null;
    const next = { ...this.creds() };
    delete next.token;
    this.store.set('credentials', next);
  }
}

/** Map-backed store for tests and for runs where electron-store cannot be loaded. */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    get: (k) => data[k],
    set: (k, v) => { data[k] = structuredClone(v); },
    delete: (k) => { delete data[k]; },
  };
}
