// Database rows ↔ the Store's row types, in one place for every query that returns them.
import type { OfficeHours } from '../../common/office-hours.js';
import type { AnyReason, DeviceKind, Role, Status, WhenOffline } from '../../common/protocol.js';
import type { AccountRow, AgentRow, GroupRow, TimeOffPeriod } from './store.js';

export interface Database {
  accounts: { id: string; name: string; site_key: string; when_offline: string; office_hours: string | null; created_at: number; unstaffed_minutes?: number };
  agents: {
    id: string; account_id: string; email: string; name: string; role: string; disabled: number; password_hash: string;
    intent: string; version: number; reason: string; by_device_id: string | null; by_kind: string; changed_at: number;
    timer_until: number | null; timer_revert: string | null; time_off: string | null;
  };
  groups: { id: string; account_id: string; name: string; office_hours: string | null };
  group_members: { group_id: string; agent_id: string };
  tokens: { hash: string; agent_id: string; expires_at: number; revoked: number };
}

export const parseHours = (json: string | null): OfficeHours | null => (json ? (JSON.parse(json) as OfficeHours) : null);
export const hoursColumn = (hours: OfficeHours | null): string | null => (hours === null ? null : JSON.stringify(hours));

/** `rows` grouped by `key`, each group in the order of `rows`. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

export function toAccount(r: Database['accounts']): AccountRow {
  return { id: r.id, name: r.name, siteKey: r.site_key, whenOffline: r.when_offline as WhenOffline, officeHours: parseHours(r.office_hours),
    alerts: { unstaffedMinutes: r.unstaffed_minutes === undefined ? 5 : Number(r.unstaffed_minutes) } };
}

export function toAgent(r: Database['agents'], groupIds: string[]): AgentRow {
  return {
    id: r.id, accountId: r.account_id, email: r.email, name: r.name, role: r.role as Role, disabled: Number(r.disabled) === 1,
    passwordHash: r.password_hash, intent: r.intent as Status, version: Number(r.version), reason: r.reason as AnyReason,
    byDeviceId: r.by_device_id, byKind: r.by_kind as DeviceKind | 'server', changedAt: Number(r.changed_at), groupIds,
    timerUntil: r.timer_until === null || r.timer_until === undefined ? null : Number(r.timer_until),
    timerRevert: (r.timer_revert ?? null) as Status | null,
    timeOff: r.time_off ? (JSON.parse(r.time_off) as TimeOffPeriod[]) : [],
  };
}

export function toGroup(r: Database['groups'], memberIds: string[]): GroupRow {
  return { id: r.id, accountId: r.account_id, name: r.name, officeHours: parseHours(r.office_hours), memberIds };
}

/** Membership rows as id → ids (agent → its groups, or group → its members). */
export function membersBy(rows: readonly Database['group_members'][], by: 'agent_id' | 'group_id'): Map<string, string[]> {
  const other = by === 'agent_id' ? 'group_id' : 'agent_id';
  const out = new Map<string, string[]>();
  for (const [id, list] of groupBy(rows, (m) => m[by])) out.set(id, list.map((m) => m[other]));
  return out;
}
