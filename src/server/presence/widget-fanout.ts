// Everything the hub sends: widget subscriptions and their broadcast (each message serialized once,
// the same bytes written to every socket: that is the whole fan-out cost), closing the widgets of
// deleted groups, and the agents' own messages (status, chatBox, team coalesced per event-loop
// turn, config.changed).
import type { Clock } from '../../common/clock.js';
import { RATE_LIMITS } from '../../common/timings.js';
import { CloseCode, deviceKindSchema, type ChatBoxStatus, type DeviceKind, type OwnStatus, type TeamAgent, type WidgetStatus } from '../../common/protocol.js';
import type { Metrics } from '../metrics.js';
import type { AccountRow, AgentRow, GroupRow } from '../store/store.js';
import { textFrame, type WireFrame } from '../gateway/wire-frame.js';
import { liveDevices, type AccountState, type AgentState, type ChatBoxSnapshot } from './account-state.js';
import { DeviceFrames } from './device-frames.js';
import { FanoutBudget } from './fanout-budget.js';
import { agentLeaveUntil } from './time-off-guard.js';

export interface WidgetConn {
  send(data: string | Buffer): void;
  /** A broadcast already framed for the wire (gateway/wire-frame.ts); without it, send(payload). */
  sendFrame?(frame: WireFrame): void;
  close(code: number, reason: string): void;
}

export interface ChatBoxForAgent {
  website: ChatBoxStatus;
  groups: Record<string, ChatBoxStatus>;
}

const widgetKey = (accountId: string, group: string | null): string => `${accountId}:${group ?? ''}`;

/** A first frame and what it was built from (`WidgetFanout.firstFrame`). */
interface FirstFrame {
  account: AccountRow;
  groupRow: GroupRow | undefined;
  at: number;
  text: string;
  frame: WireFrame;
}

/** Per published snapshot (gone with it), per key ('' = website). */
const firstFrames = new WeakMap<ChatBoxSnapshot, Map<string, FirstFrame>>();

export class WidgetFanout {
  private readonly widgets = new Map<string, Set<WidgetConn>>();
  /** Widget sockets per account: an account with any is never dropped as idle. */
  private readonly perAccount = new Map<string, number>();
  private readonly teamPending = new Set<string>();
  /** Accounts whose widget frames wait for their next fan-out window (issue 19, fanout-budget.ts). */
  private readonly deferred = new Map<string, AccountState>();
  private readonly budget: FanoutBudget;
  /** The agents' frames, one write per device per turn (device-frames.ts). */
  private readonly frames = new DeviceFrames();

  constructor(private readonly clock: Clock, private readonly metrics: Metrics) {
    this.budget = new FanoutBudget(clock, RATE_LIMITS.widgetFramesPerAccount, (accountId, groups) => {
      const state = this.deferred.get(accountId);
      this.deferred.delete(accountId);
      if (state) this.broadcast(state, groups);
    });
  }

  close(): void {
    this.budget.close();
    this.deferred.clear();
  }

  subscribe(state: AccountState, group: string | null, conn: WidgetConn): () => void {
    const key = widgetKey(state.account.id, group);
    let set = this.widgets.get(key);
    if (!set) this.widgets.set(key, (set = new Set()));
    set.add(conn);
    const accountId = state.account.id;
    this.perAccount.set(accountId, (this.perAccount.get(accountId) ?? 0) + 1);
    this.metrics.widgetSockets.inc();
    const first = this.firstFrame(state, group);
    if (!first) conn.send(JSON.stringify(this.widgetStatus(state, group)));
    else if (conn.sendFrame) conn.sendFrame(first.frame);
    else conn.send(first.text);
    return () => {
      if (set.delete(conn)) {
        this.metrics.widgetSockets.dec();
        const left = (this.perAccount.get(accountId) ?? 1) - 1;
        if (left > 0) this.perAccount.set(accountId, left);
        else this.perAccount.delete(accountId);
      }
      if (set.size === 0) this.widgets.delete(key);
    };
  }

  /** Widgets of the account on this node, or frames of it still waiting for their window. */
  busy(accountId: string): boolean {
    return this.perAccount.has(accountId) || this.deferred.has(accountId) || this.teamPending.has(accountId);
  }

  widgetStatus(state: AccountState, group: string | null): WidgetStatus {
    const now = this.clock.now();
    const published = state.current(now);
    const status: ChatBoxStatus = group === null ? published.website : published.groups.get(group) ?? published.website;
    const at = state.changedAt.get(group ?? '') ?? now;
    return {
      type: 'chatBox.status', site: state.account.siteKey, group, online: status.online, reason: status.reason, nextOpenAt: status.nextOpenAt,
      messages: state.messages(group), whenOffline: state.account.whenOffline, at: new Date(at).toISOString(),
    };
  }

  /**
   * The status every widget of `group` gets on connect, serialized and framed once (a page-load
   * storm is thousands of the same first frame). widgetStatus reads the published snapshot, the
   * key's changedAt, the account row (siteKey, whenOffline, office hours and their messages) and
   * the group's row (its own hours); a cached frame is used only while all four are the ones it was
   * built from, so a publish, a configuration reload or a boundary's recompute is never missed.
   */
  private firstFrame(state: AccountState, group: string | null): FirstFrame | null {
    const published = state.published;
    const key = group ?? '';
    const at = state.changedAt.get(key);
    // Without a published status or its instant, widgetStatus depends on the clock: not cached.
    if (published === null || at === undefined) return null;
    const groupRow = group === null ? undefined : state.groups.get(group);
    let perKey = firstFrames.get(published);
    if (!perKey) firstFrames.set(published, (perKey = new Map()));
    const cached = perKey.get(key);
    if (cached && cached.account === state.account && cached.groupRow === groupRow && cached.at === at) return cached;
    const text = JSON.stringify(this.widgetStatus(state, group));
    const fresh: FirstFrame = { account: state.account, groupRow, at, text, frame: textFrame(Buffer.from(text)) };
    perKey.set(key, fresh);
    return fresh;
  }

  /** One status change to every widget of each changed key. */
  broadcast(state: AccountState, keys: readonly (string | null)[]): void {
    for (const group of keys) {
      const subscribers = this.widgets.get(widgetKey(state.account.id, group));
      if (!subscribers || subscribers.size === 0) continue;
      if (!this.budget.take(state.account.id, group, subscribers.size)) {
        this.deferred.set(state.account.id, state);
        continue;
      }
      const started = performance.now();
      const frame = textFrame(Buffer.from(JSON.stringify(this.widgetStatus(state, group))));
      for (const widget of subscribers) {
        if (widget.sendFrame) widget.sendFrame(frame);
        else widget.send(frame.payload);
      }
      this.metrics.fanoutSeconds.observe({ kind: 'widget' }, (performance.now() - started) / 1000);
    }
  }

  /** Widgets of a group that no longer exists get what they would get on connect: 4404. */
  closeDeletedGroups(state: AccountState): void {
    const prefix = widgetKey(state.account.id, null);
    for (const [key, subscribers] of this.widgets) {
      if (!key.startsWith(prefix) || key === prefix || state.groups.has(key.slice(prefix.length))) continue;
      for (const widget of [...subscribers]) widget.close(CloseCode.notFound, 'unknown site or group');
    }
  }

  // ---- agents' devices ----

  ownStatus(state: AccountState, agent: AgentState): OwnStatus {
    const r = agent.row;
    return {
      type: 'status', status: r.intent, effective: state.effective(agent, this.clock.now()), version: r.version, reason: r.reason,
      by: { deviceId: r.byDeviceId, kind: r.byKind }, at: new Date(r.changedAt).toISOString(), until: untilOf(r),
      leaveUntil: agentLeaveUntil(state, r, this.clock.now()),
    };
  }

  /**
   * Every device of the agent; the device that made the change gets it with its ack at the end of
   * the turn, the others at once (before the widgets, SPEC 7).
   */
  sendOwnStatus(state: AccountState, agent: AgentState): void {
    const message = JSON.stringify(this.ownStatus(state, agent));
    for (const device of agent.devices.values()) {
      if (device.deviceId === agent.row.byDeviceId) this.frames.send(device, message);
      else this.frames.sendNow(device, message);
    }
  }

  chatBoxFor(state: AccountState, agent: AgentState): ChatBoxForAgent {
    const published = state.current(this.clock.now());
    // An agent in no group affects every group, so it sees them all.
    const ids = agent.row.groupIds.length > 0 ? agent.row.groupIds : [...published.groups.keys()];
    const groups: Record<string, ChatBoxStatus> = {};
    for (const id of ids) {
      const status = published.groups.get(id);
      if (status) groups[id] = status;
    }
    return { website: published.website, groups };
  }

  /** Agents in the same groups get the same bytes. */
  sendChatBox(state: AccountState): void {
    const cache = new Map<string, string>();
    for (const agent of state.agents.values()) {
      if (agent.devices.size === 0) continue;
      const key = agent.row.groupIds.join(',');
      let message = cache.get(key);
      if (message === undefined) cache.set(key, (message = JSON.stringify({ type: 'chatBox', ...this.chatBoxFor(state, agent) })));
      this.toDevices(agent, message);
    }
  }

  sendToAll(state: AccountState, message: string): void {
    for (const agent of state.agents.values()) this.toDevices(agent, message);
  }

  private toDevices(agent: AgentState, message: string): void {
    for (const device of agent.devices.values()) this.frames.send(device, message);
  }

  /** Team lists are coalesced to one message per account per event-loop turn, sent as it ends. */
  scheduleTeam(state: AccountState): void {
    if (this.teamPending.has(state.account.id)) return;
    this.teamPending.add(state.account.id);
    this.frames.atTurnEnd(() => {
      this.teamPending.delete(state.account.id);
      this.sendToAll(state, JSON.stringify({ type: 'team', agents: this.team(state) }));
    });
  }

  team(state: AccountState): TeamAgent[] {
    const now = this.clock.now();
    return [...state.agents.values()].map((a) => ({
      id: a.row.id, name: a.row.name, role: a.row.role, groupIds: a.row.groupIds, disabled: a.row.disabled,
      intent: a.row.intent, status: state.effective(a, now), version: a.row.version, devices: liveDevices(a), until: untilOf(a.row),
      leaveUntil: agentLeaveUntil(state, a.row, now), deviceKinds: deviceKinds(a),
    }));
  }
}

const KIND_ORDER = deviceKindSchema.options;

/** This node's devices' kinds, each once, in a fixed order (a stable team frame for the same devices). */
const deviceKinds = (agent: AgentState): DeviceKind[] => {
  const present = new Set([...agent.devices.values()].map((d) => d.kind));
  return KIND_ORDER.filter((k) => present.has(k));
};

const untilOf = (row: AgentRow): string | null => (row.timerUntil === null ? null : new Date(row.timerUntil).toISOString());

