// The event log's tables (migration 0005_history) as Kysely sees them, and their rows as the API
// shows them (SPEC 9).
import type { AnyReason, DeviceKind, Status } from '../../common/protocol.js';

export const AGENT_EVENTS = 'history_agent_events';
export const BOX_EVENTS = 'history_box_events';
export const SCHEDULES = 'history_schedules';

/** Reasons of changes the server makes without an intent write (docs/reports.md). */
export type ServerReason = 'boot' | 'device_back' | 'last_device_left' | 'grace_expired' | 'schedule' | 'resync' | 'agent_added' | 'disabled' | 'config';
export type EventReason = AnyReason | ServerReason;

export interface HistoryDb {
  history_agent_events: {
    account_id: string; agent_id: string; at: number; intent: string; status: string; version: number;
    reason: string; by_device_id: string | null; by_kind: string;
  };
  history_box_events: { account_id: string; box: string; at: number; online: number; reason: string; cause: string };
  history_schedules: { account_id: string; box: string; at: number; office_hours: string | null };
}

export interface AgentEvent {
  at: number;
  agentId: string;
  intent: Status;
  status: Status;
  version: number;
  reason: EventReason;
  by: { deviceId: string | null; kind: DeviceKind | 'server' };
}

export interface BoxEvent {
  at: number;
  online: boolean;
}

export function toAgentEvent(r: HistoryDb['history_agent_events']): AgentEvent {
  return {
    at: Number(r.at), agentId: r.agent_id, intent: r.intent as Status, status: r.status as Status, version: Number(r.version),
    reason: r.reason as EventReason, by: { deviceId: r.by_device_id, kind: r.by_kind as DeviceKind | 'server' },
  };
}
