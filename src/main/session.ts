// Which server the app talks to and as whom. With no server URL it starts the presence backend
// in-process (data under userData) and signs in the local agent, so one machine works out of the
// box; with a URL it uses the stored token or waits for a sign-in from the window.
import type { AgentSelf } from '../common/protocol.js';
import type { AgentClientPort, CredentialStore, Logger } from './ports.js';
import type { SettingsService } from './settings-service.js';

export interface LocalBackend {
  url: string;
  login: { email: string; password: string };
  close(): Promise<void>;
}

type ClientFactory = (opts: { serverUrl: string; credentials: CredentialStore }) => AgentClientPort;

export class Session {
  client: AgentClientPort | null = null;
  /** The server in use: the window's CSP names it and its API calls are forwarded to it. */
  serverUrl: string | null = null;
  private backend: LocalBackend | null = null;
  private readonly listeners = new Set<(c: AgentClientPort | null) => void>();
  private readonly serverListeners = new Set<(url: string | null) => void>();

  constructor(
    private readonly settings: SettingsService,
    private readonly createClient: ClientFactory,
    private readonly startLocalBackend: (() => Promise<LocalBackend>) | undefined,
    private readonly log: Logger,
  ) {}

  onClient(listener: (c: AgentClientPort | null) => void): void { this.listeners.add(listener); }

  /** Fires when the server in use changes (start, a sign-in to another server, the local backend). */
  onServerChange(listener: (url: string | null) => void): void { this.serverListeners.add(listener); }

  private setServer(url: string | null): void {
    if (url === this.serverUrl) return;
    this.serverUrl = url;
    for (const l of this.serverListeners) l(url);
  }

  private setClient(client: AgentClientPort | null): void {
    this.client = client;
    for (const l of this.listeners) l(client);
  }

  async start(): Promise<void> {
    const configured = this.settings.get().serverUrl;
    if (configured === null) {
      await this.startLocal();
      return;
    }
    this.setServer(configured);
    const client = this.createClient({ serverUrl: configured, credentials: this.settings.credentialStore(configured) });
    this.setClient(client);
    if (this.settings.currentToken() === null) {
      this.log.info('session: not signed in; waiting for a sign-in from the window');
      return;
    }
    await client.start();
    await this.applyLaunchStatus(client);
  }

  private async startLocal(): Promise<void> {
    if (!this.startLocalBackend) throw new Error('No server URL is configured and no in-process backend is available.');
    this.backend ??= await this.startLocalBackend();
    this.setServer(this.backend.url);
    const client = this.createClient({ serverUrl: this.backend.url, credentials: this.settings.credentialStore(null) });
    this.setClient(client);
    // The local account's password lives in the backend's data dir; the token may be stale after
    // a data reset, so sign in afresh each launch (cheap: loopback, one scrypt).
    await client.login(this.backend.login.email, this.backend.login.password);
    await client.start();
    await this.applyLaunchStatus(client);
  }

  private async applyLaunchStatus(client: AgentClientPort): Promise<void> {
    const want = this.settings.get().statusOnLaunch;
    if (want === 'last') return;
    // Not awaited: the client queues it until the socket is welcomed, which may take a while.
    client.setStatus(want, 'manual').catch((err: unknown) => this.log.warn('session: launch status failed', { err: String(err) }));
  }

  /** Sign in from the window; switching servers replaces the client. */
  async signIn(serverUrl: string | null, email: string, password: string): Promise<AgentSelf> {
    if (serverUrl !== this.settings.get().serverUrl || serverUrl === null) {
      await this.signOut();
      this.settings.update({ serverUrl });
    }
    if (serverUrl === null) {
      await this.startLocal();
      const agent = this.client?.getSnapshot().agent;
      if (!agent) throw new Error('The local agent could not sign in.');
      return agent;
    }
    let client = this.client;
    if (!client) {
      client = this.createClient({ serverUrl, credentials: this.settings.credentialStore(serverUrl) });
      this.setClient(client);
    }
    const agent = await client.login(email, password);
    this.setServer(serverUrl);
    await client.start();
    await this.applyLaunchStatus(client);
    return agent;
  }

  async signOut(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.setClient(null);
    try {
      await client.logout();
    } catch (err) {
      this.log.warn('session: logout failed; the token is dropped locally anyway', { err: String(err) });
    } finally {
      client.stop();
      this.settings.clearToken();
    }
  }

  /** A quit participant: after the offline was announced, stop the in-process backend. */
  async closeBackend(): Promise<void> {
    const b = this.backend;
    this.backend = null;
    if (b) await b.close();
  }
}
