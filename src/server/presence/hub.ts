// The presence hub: owns every account's live state, applies the rules of SPEC 2 on each event
// (device attach/detach, intent change, configuration change, grace expiry, schedule boundary)
// and publishes what changed: own status to the agent's devices, chat box status to widgets and
// agents. Each broadcast is serialized once and the same string is sent to every socket.
import { randomUUID } from 'node:crypto';
import { sameChatBox } from '../../common/presence-rules.js';
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import type { AnyReason, ChatBoxStatus, DeviceKind, OwnStatus, Status, WidgetStatus } from '../../common/protocol.js';
import type { PresenceBus, BusEvent } from '../bus.js';
import type { Metrics } from '../metrics.js';
import type { AgentRow, Store } from '../store/store.js';
import { AccountState, type AgentState, type DeviceConn } from './account-state.js';

export interface WidgetConn {
  send(data: string): void;
}

export interface HubOptions {
  store: Store;
  bus: PresenceBus;
  clock: Clock;
  graceMs: number;
  metrics: Metrics;
  nodeId?: string;
}

type ConfigWhat = 'groups' | 'officeHours' | 'agent' | 'account';

const widgetKey = (accountId: string, group: string | null): string => `${accountId}:${group ?? ''}`;

export class PresenceHub {
  readonly nodeId: string;
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
    for (const account of await opts.store.listAccounts()) {
      const state = await hub.loadAccount(account.id);
      for (const agent of state?.agents.values() ?? []) {
        if (agent.row.intent !== 'offline' && !agent.row.disabled) hub.startGrace(state!, agent, now);
      }
      if (state) hub.recompute(state, null);
    }
    opts.metrics.trackAgents(() => ({ accounts: hub.accounts.values(), now: opts.clock.now() }));
    hub.unsubscribe = opts.bus.subscribe((event) => void hub.onBusEvent(event));
    return hub;
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.unsubscribe();
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

  private async loadAccount(accountId: string): Promise<AccountState | undefined> {
    const row = await this.opts.store.getAccount(accountId);
    if (!row) return undefined;
    let state = this.accounts.get(accountId);
    if (state) state.account = row;
    else {
      state = new AccountState(row);
      this.accounts.set(accountId, state);
      this.bySiteKey.set(row.siteKey, state);
    }
    state.groups.clear();
    for (const group of await this.opts.store.listGroups(accountId)) state.groups.set(group.id, group);
    const rows = await this.opts.store.listAgents(accountId);
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
    void this.publish({ type: 'devices', nodeId: this.nodeId, accountId, agentId: agent.row.id });
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
    if (agent.devices.size === 0) {
      if (clean) {
        agent.graceTimer?.cancel();
        agent.graceTimer = null;
        agent.graceUntil = null;
      } else {
        this.startGrace(state, agent, this.opts.clock.now());
      }
    }
    this.recompute(state, agent.row.id);
    void this.publish({ type: 'devices', nodeId: this.nodeId, accountId, agentId: agent.row.id });
  }

  private startGrace(state: AccountState, agent: AgentState, from: number): void {
    agent.graceTimer?.cancel();
    agent.graceUntil = from + this.opts.graceMs;
    agent.graceTimer = setTimeoutAt(this.opts.clock, agent.graceUntil, () => {
      agent.graceTimer = null;
      this.recompute(state, agent.row.id);
    });
  }

  // ---- intent ----

  /** Commits the intent, then publishes it. Resolves with the new row once durable. */
  async setIntent(accountId: string, agentId: string, status: Status, reason: AnyReason, by: { deviceId: string | null; kind: DeviceKind | 'server' }): Promise<AgentRow> {
    const at = this.opts.clock.now();
    const row = await this.opts.store.setIntent(agentId, { status, reason, byDeviceId: by.deviceId, byKind: by.kind, at });
    this.opts.metrics.statusChanges.inc({ status, reason });
    const state = this.accounts.get(accountId);
    if (state) this.applyIntent(state, row);
    void this.publish({ type: 'intent', nodeId: this.nodeId, accountId, agentId, version: row.version });
    return row;
  }

  private applyIntent(state: AccountState, row: AgentRow): void {
    const agent = state.agents.get(row.id);
    if (agent && agent.row.version >= row.version) return;
    const applied = this.applyRow(state, row);
    const message = JSON.stringify(this.ownStatus(state, applied));
    for (const device of applied.devices.values()) device.send(message);
    this.recompute(state, row.id);
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
    await this.publish({ type: 'config', nodeId: this.nodeId, accountId, what });
  }

  /** A new account (init, tests) becomes known without a restart. */
  async accountCreated(accountId: string): Promise<void> {
    await this.applyConfig(accountId, 'account');
  }

  private async applyConfig(accountId: string, what: ConfigWhat): Promise<void> {
    const state = await this.loadAccount(accountId);
    if (!state) return;
    this.recompute(state, null);
    const message = JSON.stringify({ type: 'config.changed', what });
    for (const agent of state.agents.values()) for (const device of agent.devices.values()) device.send(message);
  }

  private async onBusEvent(event: BusEvent): Promise<void> {
    if (event.nodeId === this.nodeId) return;
    if (event.type === 'intent') {
      const row = await this.opts.store.getAgent(event.agentId);
      const state = this.accounts.get(event.accountId);
      if (row && state) this.applyIntent(state, row);
    } else if (event.type === 'config') {
      await this.applyConfig(event.accountId, event.what);
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
  recompute(state: AccountState, changedAgentId: string | null): void {
    const now = this.opts.clock.now();
    const next = state.compute(now);
    const prev = state.published;
    const changedKeys: (string | null)[] = [];
    if (!prev || !sameChatBox(prev.website, next.website)) changedKeys.push(null);
    for (const [id, status] of next.groups) if (!prev || !sameChatBox(prev.groups.get(id), status)) changedKeys.push(id);
    state.published = next;
    for (const key of changedKeys) {
      state.changedAt.set(key ?? '', now);
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
    const message = JSON.stringify(this.widgetStatus(state, group));
    for (const widget of subscribers) widget.send(message);
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
      intent: a.row.intent, status: state.effective(a, now), version: a.row.version, devices: a.devices.size,
    }));
  }

  private armSchedule(state: AccountState): void {
    state.scheduleTimer?.cancel();
    state.scheduleTimer = null;
    const at = state.nextScheduleChange(this.opts.clock.now());
    if (at === null) return;
    state.scheduleTimer = setTimeoutAt(this.opts.clock, at, () => {
      state.scheduleTimer = null;
      this.recompute(state, null);
    });
  }

  /** Closes every device of an agent (token revoked, agent disabled or deleted). */
  closeAgentDevices(accountId: string, agentId: string, code: number, reason: string, tokenHash?: string): void {
    const agent = this.accounts.get(accountId)?.agents.get(agentId);
    for (const device of agent?.devices.values() ?? []) if (!tokenHash || device.tokenHash === tokenHash) device.close(code, reason);
  }

  /** For graceful shutdown: every live socket is told 1001 by the gateways; this stops timers. */
  allAccounts(): IterableIterator<AccountState> {
    return this.accounts.values();
  }
}
