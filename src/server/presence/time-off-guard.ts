// Time off on the server (SPEC 11): the leave in force for an agent at an instant (in the account's
// zone), and the refusal every path that changes an intent applies: the agent socket's status.set,
// PUT /agents/me/status and a timer's firing. The rule itself is pure (src/common/time-off.ts).
import { leaveUntil, leaveZone, localDate, refusedOnLeave } from '../../common/time-off.js';
import type { AnyReason, Status } from '../../common/protocol.js';
import type { AgentRow } from '../store/store.js';
import type { AccountState } from './account-state.js';

/** The last day of the agent's leave in force now, or null when it is not on leave. */
export function agentLeaveUntil(state: AccountState, row: Pick<AgentRow, 'timeOff'>, now: number): string | null {
  if (row.timeOff.length === 0) return null;
  return leaveUntil(row.timeOff, localDate(leaveZone(state.account.officeHours), now));
}

/** Why the change is refused (a message a person can act on), or null when it may go ahead. */
export function leaveRefusal(state: AccountState, agentId: string, status: Status, reason: AnyReason, now: number): string | null {
  if (!refusedOnLeave(status, reason)) return null;
  const row = state.agents.get(agentId)?.row;
  const until = row ? agentLeaveUntil(state, row, now) : null;
  if (until === null) return null;
  return `on leave until ${until}: an automatic change (${reason}) cannot put you online; choose online yourself (reason manual) to work anyway`;
}

/** What a due timer returns to: its target, unless that is online while on leave (then the intent stays). */
export function timerTarget(state: AccountState, row: AgentRow, now: number): Status {
  const target = row.timerRevert ?? 'offline';
  return target === 'online' && agentLeaveUntil(state, row, now) !== null ? row.intent : target;
}
