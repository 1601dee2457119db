// The presence hub: the event entry points (device attach/detach, committed intent, configuration
// write, other nodes' events; grace expiry and boundaries through their timers) and `recompute`,
// the one place that applies the rules of SPEC 2 and publishes what changed. Its parts, one concern
// each, are listed in docs/architecture.md: account-directory, account-residency (which accounts
// are in memory), account-state (the pure `next`), grace, schedule-timers, widget-fanout,
// bus-sync, device-ledger, change-hooks.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../common/clock.js';
import type { Departure } from '../../common/presence-rules.js';
import { CloseCode, type AnyReason, type DeviceKind, type OwnStatus, type Status, type TeamAgent, type WidgetStatus } from '../../common/protocol.js';
import { TIMINGS } from '../../common/timings.js';
import type { BusEvent, PresenceBus } from '../bus.js';
import { ClusterPresence } from '../cluster/cluster-presence.js';
import type { Metrics } from '../metrics.js';
import type { AgentRow, Store } from '../store/store.js';
import { AccountDirectory } from './account-directory.js';
import { AccountResidency } from './account-residency.js';
import type { AccountState, AgentState, DeviceConn } from './account-state.js';
import { BusSync, type BusHandlers } from './bus-sync.js';
import { ChangeHooks, type Origin, type PresenceHooks, type Why } from './change-hooks.js';
import { LedgerPort, LocalLedger, type DeviceLedger } from './device-ledger.js';
import { GraceTimers } from './grace.js';
import { ScheduleTimers } from './schedule-timers.js';
import { StatusTimers } from './status-timers.js';
import { timerTarget } from './time-off-guard.js';
import { WidgetFanout, type ChatBoxForAgent, type WidgetConn } from './widget-fanout.js';

export type { WidgetConn } from './widget-fanout.js';

export interface HubOptions {
  store: Store;
  bus: PresenceBus;
  clock: Clock;
  graceMs: number;
  /** SPEC 2.1 tab grace (a browser tab that went away); default TIMINGS.tabGraceMs. */
  tabGraceMs?: number;
  metrics: Metrics;
  nodeId?: string;
  logger?: Logger;
  /** Observers registered before boot, so they see the boot statuses too (history, issue 16). */
  hooks?: readonly PresenceHooks[];
}

export class PresenceHub {
  readonly nodeId: string;
  private readonly directory: AccountDirectory;
  private readonly grace: GraceTimers;
  private readonly schedules: ScheduleTimers;
  private readonly fanout: WidgetFanout;
  private readonly sync: BusSync;
  /** What the ledger calls: lease states, local detaches, boot grace (device-ledger.ts). */
  private readonly port: LedgerPort;
  private readonly ledger: DeviceLedger;
  private readonly hooks: ChangeHooks;
  /** Timed statuses (issue 18, status-timers.ts). */
  private readonly timers: StatusTimers;
  private closed = false;
  /** True once create() loaded the accounts of the boot: later first loads record no events (recompute). */
  private booted = false;
  /** Which accounts are in memory: boot, first use, idle drop (account-residency.ts). */
  private readonly residency: AccountResidency;

  private constructor(private readonly opts: HubOptions) {
    const { store, bus, clock } = opts;
    this.nodeId = opts.nodeId ?? randomUUID();
    this.grace = new GraceTimers({
      clock, graceMs: opts.graceMs, tabGraceMs: opts.tabGraceMs ?? TIMINGS.tabGraceMs,
      onDue: (state, agent, until) => this.ledger.graceDue(state.account.id, agent.row.id, () => this.recompute(state, agent.row.id, { cause: 'grace_expired', origin: 'timer', at: until })),
    });
    this.fanout = new WidgetFanout(clock, opts.metrics);
    this.sync = new BusSync(bus, this.nodeId);
    this.timers = new StatusTimers({ clock, onDue: (accountId, agentId, version) => this.fireTimer(accountId, agentId, version) });
    this.directory = new AccountDirectory({ store, follow: (id) => this.sync.follow(id), removed: (agent) => { this.grace.clear(agent); this.timers.clear(agent.row.id); } });
    this.port = new LedgerPort({
      nodeId: this.nodeId, clock, directory: this.directory, grace: this.grace,
      recompute: (state, agentId, why) => this.recompute(state, agentId, why), isClosed: () => this.closed, reloadFromStore: () => this.reloadFromStore(),
    });
    this.ledger = bus.cluster ? new ClusterPresence(this.port, { link: bus.cluster, bus, clock, grace: this.grace, log: opts.logger }) : new LocalLedger(this.port);
    this.schedules = new ScheduleTimers({ clock, ledger: this.ledger, log: opts.logger, onBoundary: (state, at) => this.recompute(state, null, { cause: 'schedule', origin: 'timer', at }) });
    this.residency = new AccountResidency({
      store, clock, directory: this.directory, activate: (state) => this.activate(state), busy: (id) => this.fanout.busy(id),
      forget: (state) => {
        state.scheduleTimer?.cancel();
        state.scheduleTimer = null;
        for (const agent of state.agents.values()) this.timers.clear(agent.row.id);
        // The bus forgets it at once, so a load right after subscribes again (in that order on one connection).
        void this.sync.unfollow(state.account.id).catch(() => undefined);
      },
    });
    this.hooks = new ChangeHooks({ store, claimOnce: (key, ttlMs) => this.ledger.claimOnce(key, ttlMs), log: opts.logger });
    for (const h of opts.hooks ?? []) this.hooks.add(h);
  }

  /**
   * Loads only the accounts with time-driven work of their own (Store.listWatchedAccountIds: boot
   * grace, timed statuses); every other account loads on its first socket or request (issue 20).
   */
  static async create(opts: HubOptions): Promise<PresenceHub> {
    const hub = new PresenceHub(opts);
    hub.sync.start(hub.busHandlers());
    await hub.residency.boot();
    hub.booted = true;
    opts.metrics.trackAgents(() => ({ accounts: hub.directory.all(), now: opts.clock.now() }));
    hub.ledger.start();
    return hub;
  }

  /** The account, loaded on its first use (shared by concurrent callers); undefined when it does not exist. */
  ensureAccount(accountId: string): Promise<AccountState | undefined> { return this.residency.ensure(accountId, this.account(accountId)); }

  /** A feature keeps the accounts it answers true for in memory (never dropped as idle); returns its removal. */
  keepLoaded(keeper: (accountId: string) => boolean): () => void { return this.residency.keepLoaded(keeper); }

  /** Drops the accounts with nothing to watch, unused for `idleMs` (account-residency.ts); how many. */
  dropIdleAccounts(idleMs: number = TIMINGS.accountIdleMs): number { return this.closed ? 0 : this.residency.dropIdle(idleMs); }

  /** Accounts dropped as idle since start (tests, operations). */
  get accountsDropped(): number { return this.residency.dropped; }

  /** The account of a site key, loaded on its first use. */
  ensureBySite(siteKey: string): Promise<AccountState | undefined> { return this.residency.ensureBySite(siteKey, this.accountBySiteKey(siteKey), (id) => this.account(id)); }

  /** A first load: timers, boot grace for agents whose intent was online/away, the first statuses. */
  private async activate(state: AccountState): Promise<void> {
    this.armTimers(state);
    const agents = [...state.agents.values()];
    await this.ledger.boot(state.account.id, agents.map((a) => ({ agentId: a.row.id, bootGrace: a.row.intent !== 'offline' && !a.row.disabled })));
    // Cluster nodes boot at different instants; dating the first statuses by the last committed
    // intent keeps their `at` (and the public ETag) identical on every node.
    const lastChange = agents.reduce((max, a) => Math.max(max, a.row.changedAt), 0);
    state.lastUsed = this.opts.clock.now();
    this.recompute(state, null, { cause: 'boot', origin: 'timer', at: this.ledger.bootAt(lastChange) });
    if (!this.hooks.empty) this.hooks.accountLoaded(state);
  }

  /** Stops timers; in cluster mode first hands this node's devices to the grace window (they reconnect elsewhere). */
  async close(opts: { releaseLeases?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.residency.stop();
    this.sync.stop();
    await this.ledger.stop(opts.releaseLeases ?? true);
    this.schedules.cancelAll(this.directory.all());
    this.timers.cancelAll();
    this.grace.cancelAll(this.directory.all());
    this.fanout.close();
  }

  /** SPEC 2.1 tab grace in force (capped at the full window); the welcome tells browser tabs. */
  get tabGraceMs(): number { return this.grace.tabGraceMs; }

  /** Office-hours boundaries this node won the cluster-wide claim for (one node per boundary). */
  get boundariesOwned(): number { return this.schedules.owned; }

  /** An account in memory and ready (its first load finished); ensureAccount loads one. */
  account(accountId: string): AccountState | undefined { return this.ready(this.directory.get(accountId)); }
  accountBySiteKey(siteKey: string): AccountState | undefined { return this.ready(this.directory.bySite(siteKey)); }
  private ready(state: AccountState | undefined): AccountState | undefined { return state && !this.directory.loadingNow(state.account.id) ? state : undefined; }
  /** For graceful shutdown and metrics. */
  allAccounts(): IterableIterator<AccountState> { return this.directory.all(); }
  /** Registers a feature's observer of changes (change-hooks.ts); returns its removal. */
  addHooks(hooks: PresenceHooks): () => void { return this.hooks.add(hooks); }

  // ---- devices ----

  /** A device said hello. A second connection with the same deviceId replaces the first (4409). */
  attachDevice(accountId: string, conn: DeviceConn): AgentState | undefined {
    const found = this.directory.agent(accountId, conn.agentId);
    if (!found) return undefined;
    const { state, agent } = found;
    const previous = agent.devices.get(conn.deviceId);
    agent.devices.set(conn.deviceId, conn);
    state.lastUsed = this.opts.clock.now();
    if (previous) previous.close(CloseCode.replaced, 'replaced by a newer connection of this device');
    this.grace.clear(agent);
    this.opts.metrics.sockets.inc({ kind: 'agent' });
    this.recompute(state, agent.row.id, { cause: 'device_attached', origin: 'here' });
    this.ledger.attached({ accountId, agentId: agent.row.id, deviceId: conn.deviceId });
    return agent;
  }

  /** A device went away: a clean departure at once, any other through its grace window. */
  detachDevice(accountId: string, conn: DeviceConn, departure: Departure): void {
    if (this.closed) return;
    const found = this.directory.agent(accountId, conn.agentId);
    if (!found || found.agent.devices.get(conn.deviceId) !== conn) return;
    found.agent.devices.delete(conn.deviceId);
    found.state.lastUsed = this.opts.clock.now();
    this.opts.metrics.sockets.dec({ kind: 'agent' });
    // In a cluster only Redis knows whether this was the agent's last device anywhere; until it
    // answers, the last known cluster-wide count keeps the agent as it was (no flap either way).
    this.ledger.detached({ accountId, agentId: conn.agentId, deviceId: conn.deviceId }, departure);
  }

  /**
   * After bus messages may have been lost: newer intents reach this node's devices, configuration
   * is re-read, for the accounts this node holds (the others are read whole when first used).
   */
  private async reloadFromStore(): Promise<void> {
    for (const known of [...this.directory.all()]) {
      const before = new Map([...known.agents.values()].map((a) => [a.row.id, a.row.version]));
      const state = await this.directory.load(known.account.id);
      if (!state) continue;
      this.armTimers(state);
      for (const agent of state.agents.values()) if ((before.get(agent.row.id) ?? agent.row.version) < agent.row.version) this.fanout.sendOwnStatus(state, agent);
      this.recompute(state, null, { cause: 'resync', origin: 'timer' });
    }
    await this.closeRevokedDevices();
  }

  /**
   * A logout or password reset made elsewhere while the bus was down never reached this node as
   * `closeDevices`; the store knows, so every open socket's token is re-checked (issue 19).
   */
  private async closeRevokedDevices(): Promise<void> {
    const now = this.opts.clock.now();
    for (const state of this.directory.all()) {
      for (const agent of state.agents.values()) {
        for (const device of [...agent.devices.values()]) {
          const token = await this.opts.store.getToken(device.tokenHash);
          if (!token || token.revoked || token.expiresAt <= now) device.close(CloseCode.unauthorized, 'the token was revoked; sign in again');
        }
      }
    }
  }

  /** Closes every device of an agent (token revoked, agent disabled or deleted), on every node. */
  closeAgentDevices(accountId: string, agentId: string, code: number, reason: string, tokenHash?: string): void {
    this.closeLocalDevices(accountId, agentId, code, reason, tokenHash);
    void this.sync.publish({ type: 'closeDevices', nodeId: this.nodeId, accountId, agentId, code, reason, ...(tokenHash ? { tokenHash } : {}) });
  }

  private closeLocalDevices(accountId: string, agentId: string, code: number, reason: string, tokenHash?: string): void {
    for (const device of this.directory.agent(accountId, agentId)?.agent.devices.values() ?? []) if (!tokenHash || device.tokenHash === tokenHash) device.close(code, reason);
  }

  // ---- intent and configuration ----

  /**
   * Commits the intent (with the hooks' rows, in one transaction), then publishes it. Resolves once
   * durable. `until` makes it a timed status (SPEC 11; checked by the caller with checkUntil).
   */
  async setIntent(accountId: string, agentId: string, status: Status, reason: AnyReason, by: { deviceId: string | null; kind: DeviceKind | 'server' }, opts: { until?: number } = {}): Promise<AgentRow> {
    return (await this.commitIntent(accountId, agentId, { status, reason, by, until: opts.until ?? null }, null))!;
  }

  /** `ifVersion`: a timer's firing, which commits only while the row is still at that version (null: it lost). */
  private async commitIntent(accountId: string, agentId: string, c: { status: Status; reason: AnyReason; by: { deviceId: string | null; kind: DeviceKind | 'server' }; until: number | null }, ifVersion: number | null): Promise<AgentRow | null> {
    const { status, reason, by, until } = c;
    const at = this.opts.clock.now();
    const hooked = this.hooks.intentRows((row) => ({ accountId, row, effective: this.directory.get(accountId)?.effectiveWith(row, at) ?? 'offline' }));
    const change = { status, reason, byDeviceId: by.deviceId, byKind: by.kind, at, until };
    const rows = hooked?.rows;
    const row = ifVersion === null ? await this.opts.store.setIntent(agentId, change, rows) : await this.opts.store.setIntentIf(agentId, ifVersion, change, rows);
    if (!row) return null;
    hooked?.committed();
    this.opts.metrics.statusChanges.inc({ status, reason });
    const state = this.directory.get(accountId);
    if (state) this.applyIntent(state, row, 'here');
    const { intent, byDeviceId, byKind, changedAt, timerUntil, timerRevert } = row;
    void this.sync.publish({ type: 'intent', nodeId: this.nodeId, accountId, agentId, version: row.version, row: { intent, reason: row.reason, byDeviceId, byKind, changedAt, timerUntil, timerRevert } });
    return row;
  }

  /** Timed statuses this node committed at their `until` (a cluster's nodes together: one per timer). */
  timersFired = 0;

  /** A timed status is due: back to the intent before it, with reason `timer`, if no later change came first. */
  private async fireTimer(accountId: string, agentId: string, version: number): Promise<void> {
    const found = this.directory.agent(accountId, agentId);
    if (this.closed || !found || found.agent.row.version !== version) return;
    const { row } = found.agent;
    try {
      // On leave, a timer that would return to online ends with the intent as it is (time-off-guard.ts).
      const fired = await this.commitIntent(accountId, agentId, { status: timerTarget(found.state, row, this.opts.clock.now()), reason: 'timer', by: { deviceId: null, kind: 'server' }, until: null }, version);
      if (fired) this.timersFired += 1;
    } catch (err) {
      this.opts.logger?.error({ err, agentId }, 'a timed status could not return; trying again');
      if (!this.closed) this.timers.retry(accountId, row, TIMINGS.timedStatusRetryMs);
    }
  }

  private armTimers(state: AccountState): void {
    for (const agent of state.agents.values()) this.timers.sync(state.account.id, agent.row);
  }

  private applyIntent(state: AccountState, row: AgentRow, origin: Origin): void {
    const agent = state.agents.get(row.id);
    if (agent && agent.row.version >= row.version) return;
    this.fanout.sendOwnStatus(state, this.directory.applyRow(state, row));
    this.timers.sync(state.account.id, row);
    this.recompute(state, row.id, { cause: 'intent', origin, at: row.changedAt });
  }

  /** Reloads an account after a committed configuration write and tells its agents (every node's, in a cluster). */
  async configChanged(accountId: string, what: Extract<BusEvent, { type: 'config' }>['what']): Promise<void> {
    await this.applyConfig(accountId, what, 'here');
    await this.sync.publishConfig(accountId, what);
  }

  /** A new account (init, tests) becomes known here without a restart; other nodes load it on first use. */
  accountCreated(accountId: string): Promise<void> { return this.configChanged(accountId, 'account'); }

  private async applyConfig(accountId: string, what: string, origin: Origin): Promise<void> {
    // Another node's write to an account not held here: it is read whole when first used. A first
    // load in flight may have read before that write, so it is reloaded once it is done.
    const first = this.directory.loadingNow(accountId);
    if (first) await first.catch(() => undefined);
    else if (origin === 'elsewhere' && !this.directory.get(accountId)) return;
    const state = await this.directory.load(accountId);
    if (!state) return;
    this.armTimers(state);
    this.fanout.closeDeletedGroups(state);
    this.recompute(state, null, { cause: 'config', origin });
    if (!this.hooks.empty) this.hooks.configApplied(state, origin);
    this.fanout.sendToAll(state, JSON.stringify({ type: 'config.changed', what }));
  }

  private busHandlers(): BusHandlers {
    return {
      intent: async (event) => {
        const state = this.directory.get(event.accountId);
        const current = state?.agents.get(event.agentId);
        if (!state || (current && current.row.version >= event.version)) return;
        // The event carries the committed intent, so the common case needs no store read.
        const row = current && event.row ? { ...current.row, ...event.row, version: event.version } : await this.opts.store.getAgent(event.agentId);
        if (row) this.applyIntent(state, row, 'elsewhere');
      },
      config: (event) => this.applyConfig(event.accountId, event.what, 'elsewhere'),
      closeDevices: (e) => this.closeLocalDevices(e.accountId, e.agentId, e.code, e.reason, e.tokenHash),
      devices: (event) => {
        if (event.leases) this.port.applyLeases(event.accountId, event.agentId, event.leases, 'elsewhere', event.at);
        if (event.replaced?.nodeId === this.nodeId) {
          this.port.closeDevice({ accountId: event.accountId, agentId: event.agentId, deviceId: event.replaced.deviceId }, CloseCode.replaced, 'replaced by a newer connection of this device');
        }
      },
    };
  }

  // ---- publishing ----

  /** Applies the rules at `now` and publishes only what changed (deduplicated per widget key). */
  private recompute(state: AccountState, changedAgentId: string | null, why: Why): void {
    const now = this.opts.clock.now();
    const next = state.next(now);
    const at = why.at ?? now;
    state.publish(next, at);
    this.fanout.broadcast(state, next.changed);
    if (next.changed.length > 0 || next.previous === null) this.fanout.sendChatBox(state);
    if (changedAgentId !== null || next.changed.length > 0) this.fanout.scheduleTeam(state);
    // Schedules only change on configuration writes and at their own boundaries.
    if (changedAgentId === null) this.schedules.arm(state);
    // The first statuses of an account loaded on first use after boot (issue 20) are not recorded,
    // whether the boot recompute or a lease state read during its load made them: nothing changed
    // (a cold account has nobody online or away and no timer) and its last events still hold. A new
    // account's first statuses (a configuration write) are recorded as before.
    const firstLoad = next.previous === null && this.booted && why.cause !== 'config';
    if (!this.hooks.empty && !firstLoad) this.hooks.recordNext(state, next, changedAgentId, why, at);
  }

  // ---- views for the gateways and the HTTP routes ----

  ownStatus(state: AccountState, agent: AgentState): OwnStatus { return this.fanout.ownStatus(state, agent); }
  chatBoxFor(state: AccountState, agent: AgentState): ChatBoxForAgent { return this.fanout.chatBoxFor(state, agent); }
  widgetStatus(state: AccountState, group: string | null): WidgetStatus { return this.fanout.widgetStatus(state, group); }
  subscribeWidget(state: AccountState, group: string | null, conn: WidgetConn): () => void {
    state.lastUsed = this.opts.clock.now();
    const unsubscribe = this.fanout.subscribe(state, group, conn);
    // Idle counts from the last widget's departure, not from its arrival.
    return () => { state.lastUsed = this.opts.clock.now(); unsubscribe(); };
  }
  team(state: AccountState): TeamAgent[] { return this.fanout.team(state); }
  /** The statuses last published (what `GET /presence` shows). */
  published(state: AccountState): ReturnType<AccountState['current']> { return state.current(this.opts.clock.now()); }
}
