// In-memory live state of one account: its agents with their live devices and grace deadlines,
// its groups and schedules, and the chat box statuses last published. The store stays the source
// of truth for everything durable; this is what the hub computes from.
import { isOpen, nextChange, nextOpen, formatOffset, type OfficeHours } from '../../common/office-hours.js';
import { effectiveStatus, groupStatus, websiteStatus, type OpenState } from '../../common/presence-rules.js';
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
}

export class AccountState {
  readonly agents = new Map<string, AgentState>();
  readonly groups = new Map<string, GroupRow>();
  published: ChatBoxSnapshot | null = null;
  /** When the published statuses last changed, per key ('' = website, else group id). */
  readonly changedAt = new Map<string, number>();
  scheduleTimer: { cancel(): void } | null = null;

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
    const agents = [...this.agents.values()].map((a) => ({ effective: this.effective(a, now), groupIds: a.row.groupIds, disabled: a.row.disabled }));
    const groups = new Map<string, ChatBoxStatus>();
    for (const id of this.groups.keys()) groups.set(id, groupStatus(id, agents, this.openState(id, now)));
    return { website: websiteStatus(agents, this.openState(null, now)), groups };
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
