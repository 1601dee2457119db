// The agent connection engine (SPEC 4.1, issue 5), shared by the tray, the CLI and the dashboard.
// States: signedOut → connecting → connected ⇄ reconnecting, and closed (stopped, quit, replaced).
// See docs/client.md for the diagram and the policies.
import { systemClock, type Clock, type TimerHandle } from '../common/clock.js';
import { PROTOCOL_VERSION, type AgentSelf, type Reason, type ServerMessage, type Status, type Welcome } from '../common/protocol.js';
import { TIMINGS } from '../common/timings.js';
import { PresenceApi } from './api.js';
import { AgentConnection } from './connection.js';
import { newDeviceId } from './device-id.js';
import { closeCodeError, PresenceClientError } from './errors.js';
import { raceOffline, type QuitVia } from './quit-path.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { INITIAL_SNAPSHOT, SnapshotStore, type SnapshotListener } from './snapshot-store.js';
import { StatusQueue } from './status-queue.js';
import { mergeOwnStatus, statusFromAck } from './status-order.js';
import type { ClientSnapshot, PresenceClientOptions } from './types.js';

export { PresenceClientError } from './errors.js';
export type { ClientSnapshot, ConnectionState, CredentialStore, PresenceClientOptions, WebSocketLike, WebSocketConstructor } from './types.js';

type ExtraMessage = Extract<ServerMessage, { type: 'team' | 'config.changed' | 'pong' }>;

export class PresenceClient {
  private readonly store: SnapshotStore;
  private readonly messageListeners = new Set<(m: ExtraMessage) => void>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly policy: ReconnectPolicy;
  private readonly queue = new StatusQueue();
  private token: string | null = null;
  private deviceId: string | null = null;
  private loaded = false;
  private started = false;
  private quitting = false;
  private conn: AgentConnection | null = null;
  private retryTimer: TimerHandle | null = null;
  private onConnLost: (() => void) | null = null;
  private lastTabGraceMs: number | null = null;
  readonly api: PresenceApi;

  constructor(private readonly opts: PresenceClientOptions) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.store = new SnapshotStore(this.clock);
    this.policy = new ReconnectPolicy(this.random, opts.stableAfterMs ?? TIMINGS.stableAfterMs);
    this.api = new PresenceApi({ serverUrl: opts.serverUrl, fetch: opts.fetch, token: () => this.token });
  }

  getSnapshot(): ClientSnapshot { return this.store.get(); }

  /** Called synchronously on every change, with a new immutable snapshot. */
  subscribe(listener: SnapshotListener): () => void { return this.store.subscribe(listener); }

  /** Resolves with the first snapshot matching `pred`; rejects with code `timeout` after `timeoutMs`. */
  waitFor(pred: (s: ClientSnapshot) => boolean, timeoutMs = 30_000): Promise<ClientSnapshot> { return this.store.waitFor(pred, timeoutMs); }

  /** `team`, `config.changed` and `pong` messages, for UIs that need them. */
  onServerMessage(listener: (m: ExtraMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => { this.messageListeners.delete(listener); };
  }

  get currentDeviceId(): string | null { return this.deviceId; }

  /** The server's tab grace from the last welcome (SPEC 2.1; null before one, or from an older server). */
  get tabGraceMs(): number | null { return this.lastTabGraceMs; }

  async login(email: string, password: string): Promise<AgentSelf> {
    await this.loadCredentials();
    const res = await this.api.login(email, password);
    this.token = res.token;
    await this.opts.credentials.save({ token: this.token, deviceId: this.deviceId! });
    this.update({ agent: res.agent, lastError: null });
    if (this.started) this.connectNow('connecting');
    return res.agent;
  }

  async logout(): Promise<void> {
    const token = this.token;
    this.cancelRetry();
    const conn = this.conn;
    this.conn = null;
    await conn?.closeCleanly(TIMINGS.signOffMs);
    if (token) await this.api.logout({ token, timeoutMs: 5_000 }).catch(() => undefined);
    this.token = null;
    if (this.deviceId) await this.opts.credentials.save({ token: null, deviceId: this.deviceId });
    this.queue.rejectAll(new PresenceClientError('not_signed_in', 'Signed out.'));
    this.update(INITIAL_SNAPSHOT);
  }

  async start(): Promise<void> {
    this.started = true;
    this.quitting = false;
    const c = this.snap.connection;
    if (this.conn || this.retryTimer !== null || c === 'connected') return;
    await this.loadCredentials();
    if (this.conn || this.retryTimer !== null) return;
    if (!this.token) this.update({ connection: 'signedOut' });
    else this.connectNow('connecting');
  }

  stop(): void {
    this.started = false;
    this.cancelRetry();
    this.conn?.abandon();
    this.conn = null;
    this.queue.rejectAll(new PresenceClientError('closed', 'The client was stopped.'));
    this.update({ connection: 'closed' });
  }

  /** `until`: a timed status (SPEC 11), ISO 8601; check it first with checkUntil (timed-status.ts). */
  setStatus(status: Status, reason: Reason = 'manual', opts: { until?: string } = {}): Promise<{ version: number }> {
    const c = this.snap.connection;
    if (c === 'signedOut') return Promise.reject(new PresenceClientError('not_signed_in', 'Sign in first.'));
    if (c === 'closed' || this.quitting) return Promise.reject(new PresenceClientError('closed', 'The client is closed.'));
    const { entry, done } = this.queue.add(status, reason, opts.until);
    // While disconnected the request waits; the welcome handler sends the newest one.
    if (this.conn?.welcomed) this.conn.send({ type: 'status.set', status, reason, ...(opts.until ? { until: opts.until } : {}), seq: this.queue.assignSeq(entry) });
    return done;
  }

  /** The quit path (SPEC 6): offline over the socket, else over HTTP, then bye + close 1000. Never hangs. */
  async goOfflineAndClose(o: { reason?: Reason; timeoutMs?: number } = {}): Promise<{ via: QuitVia }> {
    const reason = o.reason ?? 'quit';
    // The whole call, close frame included, fits in the budget (SPEC 7: quit < 1 s even when the
    // server is unreachable): the race gets the budget less the time kept for bye and close.
    const timeoutMs = Math.max(0, (o.timeoutMs ?? TIMINGS.quitAckMs) - TIMINGS.closeMarginMs);
    this.quitting = true;
    this.cancelRetry();
    const conn = this.conn?.welcomed ? this.conn : null;
    if (!conn) { this.conn?.abandon(); this.conn = null; }
    const token = this.token;
    const via = await raceOffline({
      clock: this.clock,
      timeoutMs,
      viaSocket: conn ? () => this.sendOfflineOver(conn, reason) : null,
      viaHttp: token ? (signal, remainingMs) => this.api.setMyStatus('offline', reason, { signal, token, timeoutMs: remainingMs + 50 }) : null,
    });
    this.onConnLost = null;
    this.queue.rejectAll(new PresenceClientError('closed', 'The client is closing.'));
    const closing = this.conn;
    this.conn = null;
    this.started = false;
    this.update({ connection: 'closed' });
    // Over a working socket, give bye and the close frame a moment to leave (within the promised
    // margin); over a dead one there is nothing to wait for.
    if (via === 'socket') await closing?.closeCleanly(TIMINGS.closeMarginMs);
    else void closing?.closeCleanly(0);
    return { via };
  }

  /** Leaves this device only (SPEC 2.1 clean goodbye); the agent's intent is untouched. */
  async signOffThisDevice(): Promise<void> {
    this.started = false;
    this.cancelRetry();
    const conn = this.conn;
    this.conn = null;
    this.queue.rejectAll(new PresenceClientError('closed', 'This device signed off.'));
    this.update({ connection: 'closed' });
    await conn?.closeCleanly(TIMINGS.signOffMs);
  }

  /**
   * Environment hints from the host: wake from sleep, network back. Both mean the path may have
   * changed, so both are handled alike: an open socket must answer a probe, a waiting retry goes now.
   */
  hint(_kind: 'network-back' | 'resume'): void {
    const c = this.snap.connection;
    if (c === 'signedOut' || c === 'closed' || this.quitting) return;
    if (this.conn?.welcomed) { this.conn.probe(TIMINGS.probeMs); return; }
    // Waiting for a retry, or an attempt started before the network came back: go now.
    this.conn?.abandon();
    this.conn = null;
    this.cancelRetry();
    this.connectNow('reconnecting');
  }

  private sendOfflineOver(conn: AgentConnection, reason: Reason): Promise<unknown> {
    const { entry, done } = this.queue.add('offline', reason);
    done.catch(() => undefined);
    if (!conn.send({ type: 'status.set', status: 'offline', reason, seq: this.queue.assignSeq(entry) })) {
      this.queue.remove(entry);
      return Promise.reject(new PresenceClientError('network', 'Socket not writable.'));
    }
    // A socket that drops while we wait fails this attempt, so HTTP takes over at once.
    return Promise.race([done, new Promise((_, reject) => { this.onConnLost = () => reject(new PresenceClientError('network', 'Socket lost.')); })]);
  }

  private async loadCredentials(): Promise<void> {
    if (this.loaded) return;
    const stored = await this.opts.credentials.load();
    this.token = stored.token;
    this.deviceId = stored.deviceId ?? newDeviceId(this.opts.random);
    if (!stored.deviceId) await this.opts.credentials.save({ token: this.token, deviceId: this.deviceId });
    this.loaded = true;
  }

  private connectNow(state: 'connecting' | 'reconnecting'): void {
    this.conn?.abandon();
    this.retryTimer = null;
    if (!this.token || !this.deviceId) { this.update({ connection: 'signedOut' }); return; }
    const device = { id: this.deviceId, kind: this.opts.device.kind, ...(this.opts.device.name ? { name: this.opts.device.name } : {}) };
    const conn: AgentConnection = new AgentConnection({
      url: socketUrl(this.opts.serverUrl),
      WebSocket: this.opts.WebSocket,
      clock: this.clock,
      hello: { type: 'hello', token: this.token, device, protocol: PROTOCOL_VERSION },
      pingMode: this.opts.pingMode ?? 'auto',
      silenceMarginMs: this.opts.silenceMarginMs ?? TIMINGS.silenceMarginMs,
      connectTimeoutMs: this.opts.connectTimeoutMs ?? TIMINGS.connectTimeoutMs,
      events: {
        welcome: (w) => { if (this.conn === conn) this.onWelcome(w); },
        message: (m) => { if (this.conn === conn) this.onMessage(m); },
        lost: (code, reason) => { if (this.conn === conn) this.onLost(code, reason); },
      },
    });
    this.conn = conn;
    this.update({ connection: state });
  }

  private onWelcome(w: Welcome): void {
    this.policy.connected(this.clock.now());
    // Before the update, so listeners reading the getter on this change see it.
    this.lastTabGraceMs = w.tabGraceMs ?? null;
    this.update({ connection: 'connected', agent: w.agent, status: mergeOwnStatus(this.snap.status, w.status), chatBox: { website: w.chatBox.website, groups: w.chatBox.groups }, lastError: null });
    const replay = this.queue.collapseForReplay();
    if (!replay || !this.conn) return;
    // The server bumps the version on every status.set. When it already holds exactly this intent,
    // written by this device, the set went through and only its ack was lost: do not apply it twice.
    const s = w.status;
    if (s.status === replay.status && s.reason === replay.reason && s.by.deviceId === this.deviceId) {
      this.queue.settle(replay, s.version);
      return;
    }
    this.conn.send({ type: 'status.set', status: replay.status, reason: replay.reason, ...(replay.until ? { until: replay.until } : {}), seq: this.queue.assignSeq(replay) });
  }

  private onMessage(m: Exclude<ServerMessage, Welcome>): void {
    switch (m.type) {
      case 'ack': {
        const entry = this.queue.ack(m.seq, m.version);
        if (entry) {
          const at = new Date(this.clock.now()).toISOString();
          this.update({ status: statusFromAck(this.snap.status, { status: entry.status, reason: entry.reason, until: entry.until ?? null, version: m.version, deviceId: this.deviceId ?? '', kind: this.opts.device.kind, at, connected: true }) });
        }
        return;
      }
      case 'error': {
        const err = new PresenceClientError(m.code, m.message);
        if (m.seq === undefined || !this.queue.fail(m.seq, err)) this.update({ lastError: { code: m.code, message: m.message } });
        return;
      }
      case 'status': {
        const { type: _t, ...view } = m;
        const next = mergeOwnStatus(this.snap.status, view);
        if (next !== this.snap.status) this.update({ status: next });
        return;
      }
      case 'chatBox':
        this.update({ chatBox: { website: m.website, groups: m.groups } });
        return;
      default:
        this.messageListeners.forEach((l) => { try { l(m); } catch { /* a UI bug must not break the engine */ } });
    }
  }

  private onLost(code: number | undefined, reason: string): void {
    this.conn = null;
    this.queue.forgetSeqs();
    const lost = this.onConnLost;
    this.onConnLost = null;
    lost?.();
    if (this.quitting) return;
    const err = code === undefined ? { code: 'disconnected', message: `Connection lost (${reason}).` } : closeCodeError(code, reason);
    const decision = this.policy.onClose(code, this.clock.now());
    if (decision.kind === 'signedOut') {
      this.token = null;
      if (this.deviceId) void this.opts.credentials.save({ token: null, deviceId: this.deviceId }).catch(() => undefined);
      this.queue.rejectAll(new PresenceClientError(err.code, err.message));
      this.update({ connection: 'signedOut', lastError: err });
    } else if (decision.kind === 'closed') {
      this.started = false;
      this.queue.rejectAll(new PresenceClientError(err.code, err.message));
      this.update({ connection: 'closed', lastError: err });
    } else {
      this.update({ connection: 'reconnecting', lastError: err });
      this.retryTimer = this.clock.setTimeout(() => this.connectNow('reconnecting'), decision.delayMs);
    }
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private update(patch: Partial<ClientSnapshot>): void { this.store.update(patch); }

  private get snap(): ClientSnapshot { return this.store.get(); }
}

/** http(s)://host:port[/base] → ws(s)://host:port[/base]/ws/agent */
export function socketUrl(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, '').replace(/^http/i, 'ws')}/ws/agent`;
}
