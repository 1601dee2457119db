// The presence hub: the event entry points (device attach/detach, committed intent, configuration
// write, grace expiry, schedule boundary, other nodes' events) and `recompute`, the one place that
// applies the rules of SPEC 2 and publishes what changed. Its parts, one concern each:
//   account-directory.ts  the accounts this node serves, loaded from the store
//   account-state.ts      one account's live state and its pure `next(now)` transition
//   grace.ts              grace deadlines and their timers
//   widget-fanout.ts      widget subscriptions, broadcasts, the agents' own messages
//   bus-sync.ts           other nodes' events and the configuration ack wait
//   device-ledger.ts      who knows the live devices: this node, or Redis (cluster-presence.ts)
//   change-hooks.ts       where history and webhooks observe changes
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import type { Departure } from '../../common/presence-rules.js';
import { CloseCode, type AnyReason, type DeviceKind, type OwnStatus, type Status, type TeamAgent, type WidgetStatus } from '../../common/protocol.js';
import { TIMINGS } from '../../common/timings.js';
import type { BusEvent, PresenceBus } from '../bus.js';
import { ClusterPresence } from '../cluster/cluster-presence.js';
import type { DeviceRef, LeaseState } from '../cluster/lease-store.js';
import type { Metrics } from '../metrics.js';
import type { AgentRow, Store } from '../store/store.js';
import { AccountDirectory } from './account-directory.js';
import { liveDevices, type AccountState, type AgentState, type DeviceConn, type NextState } from './account-state.js';
import type { BusHandlers } from './bus-sync.js';
import { BusSync } from './bus-sync.js';
import { ChangeHooks, type ChangeCause, type Origin, type PresenceHooks } from './change-hooks.js';
import { LocalLedger, type DeviceLedger, type HubPort } from './device-ledger.js';
import { GraceTimers } from './grace.js';
import { WidgetFanout, type ChatBoxForAgent, type WidgetConn } from './widget-fanout.js';

export type { WidgetConn } from './widget-fanout.js';

export interface HubOptions {
  store: Store;
  bus: PresenceBus;
  clock: Clock;
  graceMs: number;
  metrics: Metrics;
  nodeId?: string;
  logger?: Logger;
}

/** Why a recompute runs: the cause, who records it, and the instant that dates it (the same on every node). */
interface Why { cause: ChangeCause; origin: Origin; at?: number | undefined }

export class PresenceHub implements HubPort {
  readonly nodeId: string;
  /** Office-hours boundaries this node won the cluster-wide claim for (one node per boundary). */
  boundariesOwned = 0;
  private readonly directory: AccountDirectory;
  private readonly grace: GraceTimers;
  private readonly fanout: WidgetFanout;
  private readonly sync: BusSync;
  private readonly ledger: DeviceLedger;
  private readonly hooks: ChangeHooks;
  private closed = false;

  private constructor(private readonly opts: HubOptions) {
    const { store, bus, clock } = opts;
    this.nodeId = opts.nodeId ?? randomUUID();
    this.grace = new GraceTimers({
      clock, graceMs: opts.graceMs,
      onDue: (state, agent, until) => this.ledger.graceDue(state.account.id, agent.row.id, () => this.recompute(state, agent.row.id, { cause: 'grace_expired', origin: 'timer', at: until })),
    });
    this.fanout = new WidgetFanout(clock, opts.metrics);
    this.sync = new BusSync(bus, this.nodeId);
    this.directory = new AccountDirectory({ store, follow: (id) => this.sync.follow(id), removed: (agent) => this.grace.clear(agent) });
    this.ledger = bus.cluster ? new ClusterPresence(this, { link: bus.cluster, bus, clock, grace: this.grace, log: opts.logger }) : new LocalLedger(this);
    this.hooks = new ChangeHooks({ store, claimOnce: (key, ttlMs) => this.ledger.claimOnce(key, ttlMs), log: opts.logger });
  }

  /** Loads every account; agents whose intent was online/away get a grace window from boot. */
  static async create(opts: HubOptions): Promise<PresenceHub> {
    const hub = new PresenceHub(opts);
    hub.sync.start(hub.busHandlers());
    for (const preloaded of await hub.directory.readAll()) {
      const state = await hub.directory.load(preloaded.row.id, preloaded);
      if (!state) continue;
      const agents = [...state.agents.values()];
      await hub.ledger.boot(state.account.id, agents.map((a) => ({ agentId: a.row.id, bootGrace: a.row.intent !== 'offline' && !a.row.disabled })));
      // Cluster nodes boot at different instants; dating the first statuses by the last committed
      // intent keeps their `at` (and the public ETag) identical on every node.
      const lastChange = agents.reduce((max, a) => Math.max(max, a.row.changedAt), 0);
      hub.recompute(state, null, { cause: 'boot', origin: 'timer', at: hub.ledger.bootAt(lastChange) });
    }
    opts.metrics.trackAgents(() => ({ accounts: hub.directory.all(), now: opts.clock.now() }));
    hub.ledger.start();
    return hub;
  }

  /** Stops timers; in cluster mode first hands this node's devices to the grace window (they reconnect elsewhere). */
  async close(opts: { releaseLeases?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sync.stop();
    await this.ledger.stop(opts.releaseLeases ?? true);
    for (const state of this.directory.all()) state.scheduleTimer?.cancel();
    this.grace.cancelAll(this.directory.all());
  }

  account(accountId: string): AccountState | undefined { return this.directory.get(accountId); }
  accountBySiteKey(siteKey: string): AccountState | undefined { return this.directory.bySite(siteKey); }
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
    this.opts.metrics.sockets.dec({ kind: 'agent' });
    // In a cluster only Redis knows whether this was the agent's last device anywhere; until it
    // answers, the last known cluster-wide count keeps the agent as it was (no flap either way).
    this.ledger.detached({ accountId, agentId: conn.agentId, deviceId: conn.deviceId }, departure);
  }

  applyLeases(accountId: string, agentId: string, leases: LeaseState, origin: Origin = 'timer'): void {
    const found = this.directory.agent(accountId, agentId);
    if (!found || leases.seq <= found.agent.leaseSeq || this.closed) return;
    const { state, agent } = found;
    agent.leaseSeq = leases.seq;
    agent.clusterDevices = leases.count;
    if (liveDevices(agent) > 0 || leases.graceUntil === null) this.grace.clear(agent);
    else if (agent.graceUntil !== leases.graceUntil) this.grace.arm(state, agent, leases.graceUntil);
    const expired = leases.graceUntil !== null && leases.graceUntil <= this.opts.clock.now();
    this.recompute(state, agentId, { cause: liveDevices(agent) > 0 ? 'device_attached' : expired ? 'grace_expired' : 'device_left', origin });
  }

  detachWithoutCluster(accountId: string, agentId: string, departure: Departure): void {
    const found = this.directory.agent(accountId, agentId);
    if (!found || this.closed) return;
    const { state, agent } = found;
    agent.clusterDevices = Math.max(0, agent.clusterDevices - 1);
    if (liveDevices(agent) === 0) this.grace.start(state, agent, this.opts.clock.now(), departure);
    this.recompute(state, agentId, { cause: 'device_left', origin: 'here' });
  }

  bootGrace(accountId: string, agentId: string): void {
    const found = this.directory.agent(accountId, agentId);
    if (found) this.grace.arm(found.state, found.agent, this.grace.fullWindow(this.opts.clock.now()));
  }

  closeDevice(ref: DeviceRef, code: number, reason: string): void {
    this.directory.agent(ref.accountId, ref.agentId)?.agent.devices.get(ref.deviceId)?.close(code, reason);
  }

  localDevices(): DeviceRef[] { return this.directory.localDevices(); }
  knownAgents(): { accountId: string; agentId: string; seed: number | null }[] { return this.directory.knownAgents(this.grace.fullWindow(this.opts.clock.now())); }

  /** After bus messages may have been lost: newer intents reach this node's devices, configuration is re-read. */
  async reloadFromStore(): Promise<void> {
    for (const preloaded of await this.directory.readAll()) {
      const known = this.directory.get(preloaded.row.id);
      const before = new Map([...(known?.agents.values() ?? [])].map((a) => [a.row.id, a.row.version]));
      const state = await this.directory.load(preloaded.row.id, preloaded);
      if (!state) continue;
      for (const agent of state.agents.values()) if ((before.get(agent.row.id) ?? agent.row.version) < agent.row.version) this.fanout.sendOwnStatus(state, agent);
      this.recompute(state, null, { cause: 'resync', origin: 'timer' });
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

  /** Commits the intent (with the hooks' rows, in one transaction), then publishes it. Resolves once durable. */
  async setIntent(accountId: string, agentId: string, status: Status, reason: AnyReason, by: { deviceId: string | null; kind: DeviceKind | 'server' }): Promise<AgentRow> {
    const at = this.opts.clock.now();
    const rows = this.hooks.intentRows((row) => ({ accountId, row, effective: this.directory.get(accountId)?.effectiveWith(row, at) ?? 'offline' }));
    const row = await this.opts.store.setIntent(agentId, { status, reason, byDeviceId: by.deviceId, byKind: by.kind, at }, rows);
    if (rows) this.hooks.intentCommitted();
    this.opts.metrics.statusChanges.inc({ status, reason });
    const state = this.directory.get(accountId);
    if (state) this.applyIntent(state, row, 'here');
    const { intent, byDeviceId, byKind, changedAt } = row;
    void this.sync.publish({ type: 'intent', nodeId: this.nodeId, accountId, agentId, version: row.version, row: { intent, reason: row.reason, byDeviceId, byKind, changedAt } });
    return row;
  }

  private applyIntent(state: AccountState, row: AgentRow, origin: Origin): void {
    const agent = state.agents.get(row.id);
    if (agent && agent.row.version >= row.version) return;
    this.fanout.sendOwnStatus(state, this.directory.applyRow(state, row));
    this.recompute(state, row.id, { cause: 'intent', origin, at: row.changedAt });
  }

  /** Reloads an account after a committed configuration write and tells its agents (every node's, in a cluster). */
  async configChanged(accountId: string, what: Extract<BusEvent, { type: 'config' }>['what']): Promise<void> {
    await this.applyConfig(accountId, what, 'here');
    await this.sync.publishConfig(accountId, what);
  }

  /** A new account (init, tests) becomes known without a restart; published too, as other nodes do not follow it yet. */
  accountCreated(accountId: string): Promise<void> { return this.configChanged(accountId, 'account'); }

  private async applyConfig(accountId: string, what: string, origin: Origin): Promise<void> {
    const state = await this.directory.load(accountId);
    if (!state) return;
    this.fanout.closeDeletedGroups(state);
    this.recompute(state, null, { cause: 'config', origin });
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
        if (event.leases) this.applyLeases(event.accountId, event.agentId, event.leases, 'elsewhere');
        if (event.replaced?.nodeId === this.nodeId) {
          this.closeDevice({ accountId: event.accountId, agentId: event.agentId, deviceId: event.replaced.deviceId }, CloseCode.replaced, 'replaced by a newer connection of this device');
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
    if (changedAgentId === null) this.armSchedule(state);
    if (!this.hooks.empty) this.record(state, next, changedAgentId, why, at);
  }

  /** Server-made changes for the hooks; an intent's own change was recorded with its commit. */
  private record(state: AccountState, next: NextState, changedAgentId: string | null, why: Why, at: number): void {
    const accountId = state.account.id;
    const { cause } = why;
    const effective = next.agents
      .filter((d) => !(cause === 'intent' && d.agentId === changedAgentId))
      .map((d) => ({ accountId, row: state.agents.get(d.agentId)!.row, from: d.from, to: d.to, cause, at }));
    const chatBox = next.changed.map((group) => ({
      accountId, group, cause, at,
      previous: (group === null ? next.previous?.website : next.previous?.groups.get(group)) ?? null,
      status: group === null ? next.snapshot.website : next.snapshot.groups.get(group)!,
    }));
    if (effective.length > 0 || chatBox.length > 0) this.hooks.record(effective, chatBox, why.origin);
  }

  private armSchedule(state: AccountState): void {
    state.scheduleTimer?.cancel();
    state.scheduleTimer = null;
    const at = state.nextScheduleChange(this.opts.clock.now());
    if (at === null) return;
    state.scheduleTimer = setTimeoutAt(this.opts.clock, at, () => {
      state.scheduleTimer = null;
      this.recompute(state, null, { cause: 'schedule', origin: 'timer', at });
      // Every node recomputes for its own widgets; a cluster-wide side effect of the boundary
      // (today a log line and a counter) belongs to the one node that claims it.
      void this.ledger.claimOnce(`boundary:${state.account.id}:${at}`, TIMINGS.boundaryClaimTtlMs).then((won) => {
        if (!won) return;
        this.boundariesOwned += 1;
        this.opts.logger?.info({ accountId: state.account.id, at: new Date(at).toISOString() }, 'office-hours boundary (this node owns it)');
      });
    });
  }

  // ---- views for the gateways and the HTTP routes ----

  ownStatus(state: AccountState, agent: AgentState): OwnStatus { return this.fanout.ownStatus(state, agent); }
  chatBoxFor(state: AccountState, agent: AgentState): ChatBoxForAgent { return this.fanout.chatBoxFor(state, agent); }
  widgetStatus(state: AccountState, group: string | null): WidgetStatus { return this.fanout.widgetStatus(state, group); }
  subscribeWidget(state: AccountState, group: string | null, conn: WidgetConn): () => void { return this.fanout.subscribe(state, group, conn); }
  team(state: AccountState): TeamAgent[] { return this.fanout.team(state); }
  /** The statuses last published (what `GET /presence` shows). */
  published(state: AccountState): ReturnType<AccountState['current']> { return state.current(this.opts.clock.now()); }
}
