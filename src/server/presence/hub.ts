// The presence hub: owns every account's live state, applies the rules of SPEC 2 on each event
// (device attach/detach, intent change, configuration change, grace expiry, schedule boundary)
// and publishes what changed: own status to the agent's devices, chat box status to widgets and
// agents. Each broadcast is serialized once and the same string is sent to every socket.
// In cluster mode a ClusterPresence feeds it cluster-wide device counts and grace deadlines.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { sameChatBox } from '../../common/presence-rules.js';
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import type { AnyReason, ChatBoxStatus, DeviceKind, OwnStatus, Status, WidgetStatus } from '../../common/protocol.js';
import type { PresenceBus, BusEvent } from '../bus.js';
import { ClusterPresence, type HubPort } from '../cluster/cluster-presence.js';
import type { DeviceRef, LeaseState } from '../cluster/lease-store.js';
import type { Metrics } from '../metrics.js';
import type { AccountRow, AgentRow, GroupRow, Store } from '../store/store.js';
import { AccountState, liveDevices, type AgentState, type DeviceConn } from './account-state.js';

export interface WidgetConn {
  send(data: string | Buffer): void;
  close(code: number, reason: string): void;
}

export interface HubOptions {
  store: Store;
  bus: PresenceBus;
  clock: Clock;
  graceMs: number;
  metrics: Metrics;
  nodeId?: string;
  logger?: Logger;
}

type ConfigWhat = 'groups' | 'officeHours' | 'agent' | 'account';

const widgetKey = (accountId: string, group: string | null): string => `${accountId}:${group ?? ''}`;

export class PresenceHub implements HubPort {
  readonly nodeId: string;
  /** Office-hours boundaries this node won the cluster-wide claim for (one node per boundary). */
  boundariesOwned = 0;
  private cluster: ClusterPresence | null = null;
  private readonly accounts = new Map<string, AccountState>();
  private readonly bySiteKey = new Map<string, AccountState>();
  private readonly widgets = new Map<string, Set<WidgetConn>>();
  private readonly teamPending = new Set<string>();
  private unsubscribe: () => void = () => undefined;

  private constructor(private readonly opts: HubOptions) {
    this.nodeId = opts.nodeId ?? randomUUID();
  }

  /** Loads every account; agents whose intent was online/away get a grace window from boot. */
  static async create(opts: HubOptions): Promise<PresenceHub> {
    const hub = new PresenceHub(opts);
    const now = opts.clock.now();
    const link = opts.bus.cluster;
    if (link) hub.cluster = new ClusterPresence(hub, { link, bus: opts.bus, clock: opts.clock, graceMs: opts.graceMs, log: opts.logger });
    // Subscribed before loading, so nothing committed by other nodes meanwhile is missed.
    hub.unsubscribe = opts.bus.subscribe((event) => void hub.onBusEvent(event));
    for (const preloaded of await hub.readAllAccounts()) {
      const state = await hub.loadAccount(preloaded.row.id, preloaded);
      if (!state) continue;
      const bootGrace = (agent: AgentState): boolean => agent.row.intent !== 'offline' && !agent.row.disabled;
      if (hub.cluster) {
        // A node joining a running cluster takes the cluster's view; boot grace only when Redis has no record.
        await hub.cluster.boot(state.account.id, [...state.agents.values()].map((a) => ({ agentId: a.row.id, bootGrace: bootGrace(a) })));
      } else {
        for (const agent of state.agents.values()) if (bootGrace(agent)) hub.startGrace(state, agent, now);
      }
      // Cluster nodes boot at different instants; dating the first statuses by the last committed
      // intent keeps their `at` (and the public ETag) identical on every node.
      const lastChange = [...state.agents.values()].reduce((max, a) => Math.max(max, a.row.changedAt), 0);
      hub.recompute(state, null, hub.cluster && lastChange > 0 ? lastChange : undefined);
    }
    opts.metrics.trackAgents(() => ({ accounts: hub.accounts.values(), now: opts.clock.now() }));
    hub.cluster?.start();
    return hub;
  }

  private closed = false;

  /** Stops timers; in cluster mode first hands this node's devices to the grace window (they reconnect elsewhere). */
  async close(opts: { releaseLeases?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    await this.cluster?.stop(opts.releaseLeases ?? true);
    for (const state of this.accounts.values()) {
      state.scheduleTimer?.cancel();
      for (const agent of state.agents.values()) agent.graceTimer?.cancel();
    }
  }

  account(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  accountBySiteKey(siteKey: string): AccountState | undefined {
    return this.bySiteKey.get(siteKey);
  }

  /**
   * Every account with its groups and agents in three bulk reads instead of three queries per
   * account: a restart (or a cluster resync) with thousands of accounts stays well inside the grace window.
   */
  private async readAllAccounts(): Promise<{ row: AccountRow; groups: GroupRow[]; agents: AgentRow[] }[]> {
    const { store } = this.opts;
    const [accounts, groups, agents] = [await store.listAccounts(), await store.listAllGroups(), await store.listAllAgents()];
    const byAccount = <T extends { accountId: string }>(rows: T[]): Map<string, T[]> => {
      const map = new Map<string, T[]>();
      for (const r of rows) (map.get(r.accountId) ?? map.set(r.accountId, []).get(r.accountId)!).push(r);
      return map;
    };
    const groupsOf = byAccount(groups);
    const agentsOf = byAccount(agents);
    return accounts.map((row) => ({ row, groups: groupsOf.get(row.id) ?? [], agents: agentsOf.get(row.id) ?? [] }));
  }

  private async loadAccount(accountId: string, preloaded?: { row: AccountRow; groups: GroupRow[]; agents: AgentRow[] }): Promise<AccountState | undefined> {
    const row = preloaded?.row ?? (await this.opts.store.getAccount(accountId));
    if (!row) return undefined;
    let state = this.accounts.get(accountId);
    if (state) state.account = row;
    else {
      await this.opts.bus.follow?.(accountId);
      state = new AccountState(row);
      this.accounts.set(accountId, state);
      this.bySiteKey.set(row.siteKey, state);
    }
    state.groups.clear();
    for (const group of preloaded?.groups ?? (await this.opts.store.listGroups(accountId))) state.groups.set(group.id, group);
    const rows = preloaded?.agents ?? (await this.opts.store.listAgents(accountId));
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, agent] of state.agents) {
      if (ids.has(id)) continue;
      agent.graceTimer?.cancel();
      for (const device of agent.devices.values()) device.close(4401, 'agent removed');
      state.agents.delete(id);
    }
    for (const row of rows) this.applyRow(state, row);
    return state;
  }

  private applyRow(state: AccountState, row: AgentRow): AgentState {
    const existing = state.agents.get(row.id);
    if (existing && existing.row.version > row.version) return existing; // never go backwards
    const agent = state.setAgent(row);
    if (row.disabled) for (const device of agent.devices.values()) device.close(4403, 'agent disabled');
    return agent;
  }

  // ---- devices ----

  /** A device said hello. A second connection with the same deviceId replaces the first (4409). */
  attachDevice(accountId: string, conn: DeviceConn): AgentState | undefined {
    const state = this.accounts.get(accountId);
    const agent = state?.agents.get(conn.agentId);
    if (!state || !agent) return undefined;
    const previous = agent.devices.get(conn.deviceId);
    agent.devices.set(conn.deviceId, conn);
    if (previous) previous.close(4409, 'replaced by a newer connection of this device');
    agent.graceTimer?.cancel();
    agent.graceTimer = null;
    agent.graceUntil = null;
    this.opts.metrics.sockets.inc({ kind: 'agent' });
    this.recompute(state, agent.row.id);
    if (this.cluster) this.cluster.attached({ accountId, agentId: agent.row.id, deviceId: conn.deviceId });
    else void this.publish({ type: 'devices', nodeId: this.nodeId, accountId, agentId: agent.row.id });
    return agent;
  }

  /** A device went away: cleanly (bye / close 1000) at once, else through the grace window. */
  detachDevice(accountId: string, conn: DeviceConn, clean: boolean): void {
    if (this.closed) return;
    const state = this.accounts.get(accountId);
    const agent = state?.agents.get(conn.agentId);
    if (!state || !agent || agent.devices.get(conn.deviceId) !== conn) return;
    agent.devices.delete(conn.deviceId);
    this.opts.metrics.sockets.dec({ kind: 'agent' });
    // In a cluster only Redis knows whether this was the agent's last device anywhere; until it
    // answers, the last known cluster-wide count keeps the agent as it was (no flap either way).
    if (this.cluster) return this.cluster.detached({ accountId, agentId: agent.row.id, deviceId: conn.deviceId }, clean);
    this.detachLocally(state, agent, clean);
    void this.publish({ type: 'devices', nodeId: this.nodeId, accountId, agentId: agent.row.id });
  }

  private detachLocally(state: AccountState, agent: AgentState, clean: boolean): void {
    if (liveDevices(agent) === 0) {
      if (clean) {
        agent.graceTimer?.cancel();
        agent.graceTimer = null;
        agent.graceUntil = null;
      } else {
        this.startGrace(state, agent, this.opts.clock.now());
      }
    }
    this.recompute(state, agent.row.id);
  }

  private startGrace(state: AccountState, agent: AgentState, from: number): void {
    this.armGrace(state, agent, from + this.opts.graceMs);
  }

  private armGrace(state: AccountState, agent: AgentState, until: number): void {
    agent.graceTimer?.cancel();
    agent.graceTimer = null;
    agent.graceUntil = until;
    if (until <= this.opts.clock.now()) return;
    agent.graceTimer = setTimeoutAt(this.opts.clock, until, () => {
      agent.graceTimer = null;
      if (!this.cluster) return this.recompute(state, agent.row.id, until);
      void this.cluster.verify(state.account.id, agent.row.id).then(() => this.recompute(state, agent.row.id, until));
    });
  }

  // ---- cluster (HubPort) ----

  /** A cluster-wide lease state, from this node's own Redis call or another node's event; older ones are ignored. */
  applyLeases(accountId: string, agentId: string, leases: LeaseState): void {
    const state = this.accounts.get(accountId);
    const agent = state?.agents.get(agentId);
    if (!state || !agent || leases.seq <= agent.leaseSeq || this.closed) return;
    agent.leaseSeq = leases.seq;
    agent.clusterDevices = leases.count;
    if (liveDevices(agent) > 0 || leases.graceUntil === null) {
      agent.graceTimer?.cancel();
      agent.graceTimer = null;
      agent.graceUntil = null;
    } else if (agent.graceUntil !== leases.graceUntil) {
      this.armGrace(state, agent, leases.graceUntil);
    }
    this.recompute(state, agentId);
  }

  detachWithoutCluster(accountId: string, agentId: string, clean: boolean): void {
    const state = this.accounts.get(accountId);
    const agent = state?.agents.get(agentId);
    if (!state || !agent || this.closed) return;
    agent.clusterDevices = Math.max(0, agent.clusterDevices - 1);
    this.detachLocally(state, agent, clean);
  }

  closeDevice(ref: DeviceRef, code: number, reason: string): void {
    this.accounts.get(ref.accountId)?.agents.get(ref.agentId)?.devices.get(ref.deviceId)?.close(code, reason);
  }

  localDevices(): DeviceRef[] {
    const out: DeviceRef[] = [];
    for (const state of this.accounts.values()) {
      for (const agent of state.agents.values()) for (const deviceId of agent.devices.keys()) out.push({ accountId: state.account.id, agentId: agent.row.id, deviceId });
    }
    return out;
  }

  knownAgents(): { accountId: string; agentId: string; seed: number | null }[] {
    const now = this.opts.clock.now();
    const out: { accountId: string; agentId: string; seed: number | null }[] = [];
    for (const state of this.accounts.values()) {
      for (const agent of state.agents.values()) {
        let seed: number | null = null;
        if (agent.row.intent !== 'offline' && !agent.row.disabled) {
          // Devices elsewhere that Redis forgot may be gone: give them the grace an unclean loss gets.
          if (agent.clusterDevices > agent.devices.size) seed = now + this.opts.graceMs;
          else seed = agent.graceUntil ?? 0;
        }
        out.push({ accountId: state.account.id, agentId: agent.row.id, seed });
      }
    }
    return out;
  }

  /** After bus messages may have been lost: newer intents reach this node's devices, configuration is re-read. */
  async reloadFromStore(): Promise<void> {
    for (const preloaded of await this.readAllAccounts()) {
      const known = this.accounts.get(preloaded.row.id);
      const before = new Map([...(known?.agents.values() ?? [])].map((a) => [a.row.id, a.row.version]));
      const state = await this.loadAccount(preloaded.row.id, preloaded);
      if (!state) continue;
      for (const agent of state.agents.values()) {
        if ((before.get(agent.row.id) ?? agent.row.version) >= agent.row.version) continue;
        const message = JSON.stringify(this.ownStatus(state, agent));
        for (const device of agent.devices.values()) device.send(message);
      }
      this.recompute(state, null);
    }
  }

  // ---- intent ----

  /** Commits the intent, then publishes it. Resolves with the new row once durable. */
  async setIntent(accountId: string, agentId: string, status: Status, reason: AnyReason, by: { deviceId: string | null; kind: DeviceKind | 'server' }): Promise<AgentRow> {
    const at = this.opts.clock.now();
    const row = await this.opts.store.setIntent(agentId, { status, reason, byDeviceId: by.deviceId, byKind: by.kind, at });
    this.opts.metrics.statusChanges.inc({ status, reason });
    const state = this.accounts.get(accountId);
    if (state) this.applyIntent(state, row);
    const snapshot = { intent: row.intent, reason: row.reason, byDeviceId: row.byDeviceId, byKind: row.byKind, changedAt: row.changedAt };
    void this.publish({ type: 'intent', nodeId: this.nodeId, accountId, agentId, version: row.version, row: snapshot });
    return row;
  }

  private applyIntent(state: AccountState, row: AgentRow): void {
    const agent = state.agents.get(row.id);
    if (agent && agent.row.version >= row.version) return;
    const applied = this.applyRow(state, row);
    const message = JSON.stringify(this.ownStatus(state, applied));
    for (const device of applied.devices.values()) device.send(message);
    this.recompute(state, row.id, row.changedAt);
  }

  ownStatus(state: AccountState, agent: AgentState): OwnStatus {
    const r = agent.row;
    return {
      type: 'status', status: r.intent, effective: state.effective(agent, this.opts.clock.now()), version: r.version, reason: r.reason,
      by: { deviceId: r.byDeviceId, kind: r.byKind }, at: new Date(r.changedAt).toISOString(),
    };
  }

  // ---- configuration ----

  /** Reloads an account after a committed configuration write and tells its agents. */
  async configChanged(accountId: string, what: ConfigWhat): Promise<void> {
    await this.applyConfig(accountId, what);
    const bus = this.opts.bus;
    if (!bus.publishCounted) return this.publish({ type: 'config', nodeId: this.nodeId, accountId, what });
    // Read-your-writes across the cluster: the admin's request is answered once every node has
    // applied it (bounded, so a stalled node delays an answer by at most a second, never blocks it).
    const ackId = randomUUID();
    let acks = 0;
    let expected = Infinity;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000);
      const check = (): void => { if (acks >= expected) { clearTimeout(timer); this.ackWaiters.delete(ackId); resolve(); } };
      this.ackWaiters.set(ackId, () => { acks += 1; check(); });
      void bus.publishCounted!({ type: 'config', nodeId: this.nodeId, accountId, what, ackId }).then((n) => { expected = n - 1; check(); }, () => { expected = 0; check(); });
    });
    await done;
    this.ackWaiters.delete(ackId);
  }

  private readonly ackWaiters = new Map<string, () => void>();

  /** A new account (init, tests) becomes known without a restart. */
  async accountCreated(accountId: string): Promise<void> {
    // Published too: in a cluster the other nodes do not follow this account yet.
    await this.configChanged(accountId, 'account');
  }

  private async applyConfig(accountId: string, what: ConfigWhat): Promise<void> {
    const state = await this.loadAccount(accountId);
    if (!state) return;
    this.closeWidgetsOfDeletedGroups(state);
    this.recompute(state, null);
    const message = JSON.stringify({ type: 'config.changed', what });
    for (const agent of state.agents.values()) for (const device of agent.devices.values()) device.send(message);
  }

  private async onBusEvent(event: BusEvent): Promise<void> {
    if (event.nodeId === this.nodeId) return;
    if (event.type === 'intent') {
      const state = this.accounts.get(event.accountId);
      const current = state?.agents.get(event.agentId);
      if (!state || (current && current.row.version >= event.version)) return;
      // The event carries the committed intent, so the common case needs no store read.
      const row = current && event.row ? { ...current.row, ...event.row, version: event.version } : await this.opts.store.getAgent(event.agentId);
      if (row) this.applyIntent(state, row);
    } else if (event.type === 'config') {
      await this.applyConfig(event.accountId, event.what);
      if (event.ackId) void this.publish({ type: 'applied', nodeId: this.nodeId, accountId: event.accountId, ackId: event.ackId });
    } else if (event.type === 'applied') {
      this.ackWaiters.get(event.ackId)?.();
    } else if (event.type === 'closeDevices') {
      this.closeLocalDevices(event.accountId, event.agentId, event.code, event.reason, event.tokenHash);
    } else if (event.leases || event.replaced) {
      if (event.leases) this.applyLeases(event.accountId, event.agentId, event.leases);
      if (event.replaced?.nodeId === this.nodeId) {
        this.closeDevice({ accountId: event.accountId, agentId: event.agentId, deviceId: event.replaced.deviceId }, 4409, 'replaced by a newer connection of this device');
      }
    }
  }

  private async publish(event: BusEvent): Promise<void> {
    try {
      await this.opts.bus.publish(event);
    } catch {
      // The bus is best effort between nodes; durable state is in the store and nodes resync.
    }
  }

  // ---- chat box ----

  /** Recomputes chat box statuses and publishes only what changed (deduplicated per widget key). */
  /** `causeAt` dates the change by its cause (commit, boundary, grace end), the same instant on every node. */
  recompute(state: AccountState, changedAgentId: string | null, causeAt?: number): void {
    const now = this.opts.clock.now();
    const next = state.compute(now);
    const prev = state.published;
    const changedKeys: (string | null)[] = [];
    if (!prev || !sameChatBox(prev.website, next.website)) changedKeys.push(null);
    for (const [id, status] of next.groups) if (!prev || !sameChatBox(prev.groups.get(id), status)) changedKeys.push(id);
    state.published = next;
    for (const key of changedKeys) {
      state.changedAt.set(key ?? '', causeAt ?? now);
      this.broadcastWidget(state, key);
    }
    if (changedKeys.length > 0 || prev === null) this.sendChatBoxToAgents(state);
    if (changedAgentId !== null || changedKeys.length > 0) this.scheduleTeam(state);
    // Schedules only change on configuration writes and at their own boundaries.
    if (changedAgentId === null) this.armSchedule(state);
  }

  widgetStatus(state: AccountState, group: string | null): WidgetStatus {
    const published = state.published ?? state.compute(this.opts.clock.now());
    const status: ChatBoxStatus = group === null ? published.website : published.groups.get(group) ?? published.website;
    const at = state.changedAt.get(group ?? '') ?? this.opts.clock.now();
    return {
      type: 'chatBox.status', site: state.account.siteKey, group, online: status.online, reason: status.reason, nextOpenAt: status.nextOpenAt,
      messages: state.messages(group), whenOffline: state.account.whenOffline, at: new Date(at).toISOString(),
    };
  }

  private broadcastWidget(state: AccountState, group: string | null): void {
    const subscribers = this.widgets.get(widgetKey(state.account.id, group));
    if (!subscribers || subscribers.size === 0) return;
    const started = performance.now();
    const message = Buffer.from(JSON.stringify(this.widgetStatus(state, group)));
    for (const widget of subscribers) widget.send(message);
    this.opts.metrics.fanoutSeconds.observe({ kind: 'widget' }, (performance.now() - started) / 1000);
  }

  /** Widgets of a group that no longer exists get what they would get on connect: 4404. */
  private closeWidgetsOfDeletedGroups(state: AccountState): void {
    const prefix = widgetKey(state.account.id, null);
    for (const [key, subscribers] of this.widgets) {
      if (!key.startsWith(prefix) || key === prefix || state.groups.has(key.slice(prefix.length))) continue;
      for (const widget of [...subscribers]) widget.close(4404, 'unknown site or group');
    }
  }

  subscribeWidget(state: AccountState, group: string | null, conn: WidgetConn): () => void {
    const key = widgetKey(state.account.id, group);
    let set = this.widgets.get(key);
    if (!set) this.widgets.set(key, (set = new Set()));
    set.add(conn);
    this.opts.metrics.sockets.inc({ kind: 'widget' });
    conn.send(JSON.stringify(this.widgetStatus(state, group)));
    return () => {
      if (set.delete(conn)) this.opts.metrics.sockets.dec({ kind: 'widget' });
      if (set.size === 0) this.widgets.delete(key);
    };
  }

  chatBoxFor(state: AccountState, agent: AgentState): { website: ChatBoxStatus; groups: Record<string, ChatBoxStatus> } {
    const published = state.published ?? state.compute(this.opts.clock.now());
    // An agent in no group affects every group, so it sees them all.
    const ids = agent.row.groupIds.length > 0 ? agent.row.groupIds : [...published.groups.keys()];
    const groups: Record<string, ChatBoxStatus> = {};
    for (const id of ids) {
      const status = published.groups.get(id);
      if (status) groups[id] = status;
    }
    return { website: published.website, groups };
  }

  private sendChatBoxToAgents(state: AccountState): void {
    const cache = new Map<string, string>();
    for (const agent of state.agents.values()) {
      if (agent.devices.size === 0) continue;
      const key = agent.row.groupIds.join(',');
      let message = cache.get(key);
      if (message === undefined) cache.set(key, (message = JSON.stringify({ type: 'chatBox', ...this.chatBoxFor(state, agent) })));
      for (const device of agent.devices.values()) device.send(message);
    }
  }

  /** Team lists are coalesced to one message per account per event-loop turn. */
  private scheduleTeam(state: AccountState): void {
    if (this.teamPending.has(state.account.id)) return;
    this.teamPending.add(state.account.id);
    setImmediate(() => {
      this.teamPending.delete(state.account.id);
      const message = JSON.stringify({ type: 'team', agents: this.team(state) });
      for (const agent of state.agents.values()) for (const device of agent.devices.values()) device.send(message);
    });
  }

  team(state: AccountState): { id: string; name: string; role: AgentRow['role']; groupIds: string[]; disabled: boolean; intent: Status; status: Status; version: number; devices: number }[] {
    const now = this.opts.clock.now();
    return [...state.agents.values()].map((a) => ({
      id: a.row.id, name: a.row.name, role: a.row.role, groupIds: a.row.groupIds, disabled: a.row.disabled,
      intent: a.row.intent, status: state.effective(a, now), version: a.row.version, devices: liveDevices(a),
    }));
  }

  private armSchedule(state: AccountState): void {
    state.scheduleTimer?.cancel();
    state.scheduleTimer = null;
    const at = state.nextScheduleChange(this.opts.clock.now());
    if (at === null) return;
    state.scheduleTimer = setTimeoutAt(this.opts.clock, at, () => {
      state.scheduleTimer = null;
      this.recompute(state, null, at);
      // Every node recomputes for its own widgets; a cluster-wide side effect of the boundary
      // (today a log line and a counter; a webhook later) belongs to the one node that claims it.
      void this.cluster?.claimBoundary(state.account.id, at).then((won) => {
        if (!won) return;
        this.boundariesOwned += 1;
        this.opts.logger?.info({ accountId: state.account.id, at: new Date(at).toISOString() }, 'office-hours boundary (this node owns it)');
      });
    });
  }

  /** Closes every device of an agent (token revoked, agent disabled or deleted). */
  closeAgentDevices(accountId: string, agentId: string, code: number, reason: string, tokenHash?: string): void {
    this.closeLocalDevices(accountId, agentId, code, reason, tokenHash);
    void this.publish({ type: 'closeDevices', nodeId: this.nodeId, accountId, agentId, code, reason, ...(tokenHash ? { tokenHash } : {}) });
  }

  private closeLocalDevices(accountId: string, agentId: string, code: number, reason: string, tokenHash?: string): void {
    const agent = this.accounts.get(accountId)?.agents.get(agentId);
    for (const device of agent?.devices.values() ?? []) if (!tokenHash || device.tokenHash === tokenHash) device.close(code, reason);
  }

  /** For graceful shutdown: every live socket is told 1001 by the gateways; this stops timers. */
  allAccounts(): IterableIterator<AccountState> {
    return this.accounts.values();
  }
}
