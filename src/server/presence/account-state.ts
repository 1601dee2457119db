// In-memory live state of one account: its agents with their live devices and grace deadlines,
// its groups and schedules, and the chat box statuses last published. The store stays the source
// of truth for everything durable; this is what the hub computes from.
import { isOpen, nextChange, nextOpen, formatOffset, type OfficeHours } from '../../common/office-hours.js';
import { effectiveStatus, groupStatus, sameChatBox, websiteStatus, type OpenState } from '../../common/presence-rules.js';
import type { ChatBoxStatus, DeviceKind, Status } from '../../common/protocol.js';
import type { AccountRow, AgentRow, GroupRow } from '../store/store.js';

export interface DeviceConn {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly name: string | undefined;
  readonly tokenHash: string;
  readonly agentId: string;
  /** A Buffer is sent as a text frame as-is: broadcasts encode once for every socket. */
  send(data: string | Buffer): void;
  close(code: number, reason: string): void;
  /** Holds the frames sent from now on, until release (device-frames.ts: one write per turn). */
  hold?(): void;
  release?(): void;
}

export interface AgentState {
  row: AgentRow;
  devices: Map<string, DeviceConn>;
  graceUntil: number | null;
  graceTimer: { cancel(): void } | null;
  /** Cluster mode: live devices on every node, from the Redis leases (0 on a single node). */
  clusterDevices: number;
  /** Cluster mode: sequence of the lease state last applied; older updates are ignored. */
  leaseSeq: number;
}

/** Local sockets always count, even while Redis is unreachable and the cluster count is stale. */
export const liveDevices = (agent: AgentState): number => Math.max(agent.devices.size, agent.clusterDevices);

export interface ChatBoxSnapshot {
  website: ChatBoxStatus;
  groups: Map<string, ChatBoxStatus>;
  /** Every agent's effective status at that instant (what history and webhooks diff against). */
  effective: Map<string, Status>;
}

/** An agent whose effective status differs from the last published snapshot. */
export interface EffectiveDiff {
  agentId: string;
  from: Status | null;
  to: Status;
}

/** What `next` found: the snapshot to publish and what changed since the last one. */
export interface NextState {
  snapshot: ChatBoxSnapshot;
  /** Chat box keys whose status changed: null = the website, else a group id. */
  changed: (string | null)[];
  agents: EffectiveDiff[];
  /** What was published before; null the first time (boot, a new account). */
  previous: ChatBoxSnapshot | null;
}

export class AccountState {
  readonly agents = new Map<string, AgentState>();
  readonly groups = new Map<string, GroupRow>();
  published: ChatBoxSnapshot | null = null;
  /** When the published statuses last changed, per key ('' = website, else group id). */
  readonly changedAt = new Map<string, number>();
  /** The instant of each box's last recorded change (change-hooks.ts `boxInstant`). */
  readonly recordedAt = new Map<string, number>();
  scheduleTimer: { cancel(): void } | null = null;
  /** Last first use, request or socket of this account on this node (the idle drop, issue 20). */
  lastUsed = 0;

  constructor(public account: AccountRow) {}

  setAgent(row: AgentRow): AgentState {
    const existing = this.agents.get(row.id);
    if (existing) {
      existing.row = row;
      return existing;
    }
    const state: AgentState = { row, devices: new Map(), graceUntil: null, graceTimer: null, clusterDevices: 0, leaseSeq: 0 };
    this.agents.set(row.id, state);
    return state;
  }

  effective(agent: AgentState, now: number): Status {
    return effectiveStatus({ intent: agent.row.intent, disabled: agent.row.disabled, liveDevices: liveDevices(agent), graceUntil: agent.graceUntil }, now);
  }

  /** The effective status `row` gives its agent with the devices and grace it has now (before the row is applied). */
  effectiveWith(row: AgentRow, now: number): Status {
    const agent = this.agents.get(row.id);
    return effectiveStatus({ intent: row.intent, disabled: row.disabled, liveDevices: agent ? liveDevices(agent) : 0, graceUntil: agent?.graceUntil ?? null }, now);
  }

  scheduleOf(groupId: string | null): OfficeHours | null {
    if (groupId === null) return this.account.officeHours;
    return this.groups.get(groupId)?.officeHours ?? this.account.officeHours;
  }

  openState(groupId: string | null, now: number): OpenState {
    const schedule = this.scheduleOf(groupId);
    if (!schedule || !schedule.enabled) return { open: true, nextOpenAt: null };
    if (isOpen(schedule, now)) return { open: true, nextOpenAt: null };
    const at = nextOpen(schedule, now);
    return { open: false, nextOpenAt: at === null ? null : formatOffset(at, schedule.timezone) };
  }

  compute(now: number): ChatBoxSnapshot {
    const effective = new Map<string, Status>();
    const agents = [...this.agents.values()].map((a) => {
      const status = this.effective(a, now);
      effective.set(a.row.id, status);
      return { effective: status, groupIds: a.row.groupIds, disabled: a.row.disabled };
    });
    const groups = new Map<string, ChatBoxStatus>();
    for (const id of this.groups.keys()) groups.set(id, groupStatus(id, agents, this.openState(id, now)));
    return { website: websiteStatus(agents, this.openState(null, now)), groups, effective };
  }

  /**
   * The pure transition (Phoenix's tracker `merge`): the state at `now` and its diff against what
   * was last published. Nothing changes until the caller publishes it with `publish`.
   */
  next(now: number): NextState {
    const snapshot = this.compute(now);
    const prev = this.published;
    const changed: (string | null)[] = [];
    if (!prev || !sameChatBox(prev.website, snapshot.website)) changed.push(null);
    for (const [id, status] of snapshot.groups) if (!prev || !sameChatBox(prev.groups.get(id), status)) changed.push(id);
    const agents: EffectiveDiff[] = [];
    for (const [agentId, to] of snapshot.effective) {
      const from = prev?.effective.get(agentId) ?? null;
      if (from !== to) agents.push({ agentId, from, to });
    }
    return { snapshot, changed, agents, previous: prev };
  }

  /** Records `next` as published; the changed keys are dated `at` (their cause, the same on every node). */
  publish(next: NextState, at: number): void {
    this.published = next.snapshot;
    for (const key of next.changed) this.changedAt.set(key ?? '', at);
  }

  /** A status of the last published snapshot (computed now if nothing was published yet). */
  current(now: number): ChatBoxSnapshot {
    return this.published ?? this.compute(now);
  }

  /** The earliest instant after `now` at which any of this account's schedules flips. */
  nextScheduleChange(now: number): number | null {
    const schedules = [this.account.officeHours, ...[...this.groups.values()].map((g) => g.officeHours)];
    let earliest: number | null = null;
    for (const s of schedules) {
      if (!s || !s.enabled) continue;
      const at = nextChange(s, now);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  }

  messages(groupId: string | null): { offline?: string } {
    const offline = this.scheduleOf(groupId)?.messages?.offline;
    return offline === undefined ? {} : { offline };
  }
}
