// The event log's writer (issue 16, SPEC 9): rows for the change hooks of the hub. An intent's
// event goes into the intent's own transaction (change-hooks.ts hands these rows to the store), so
// an acknowledged change always has its event. Server-made changes carry a reason derived from
// what caused them; docs/reports.md lists every reason.
import type { Clock } from '../../common/clock.js';
import type { ChangeCause, ChatBoxChange, EffectiveChange, IntentCommit, PresenceHooks } from '../presence/change-hooks.js';
import type { ExtraRow } from '../store/store.js';
import { AGENT_EVENTS, BOX_EVENTS, type ServerReason } from './history-tables.js';

/** Why the server changed an agent's effective status, from the recompute's cause. */
export function serverReason(change: Pick<EffectiveChange, 'cause' | 'from' | 'to' | 'row'>): ServerReason {
  const byCause: Record<Exclude<ChangeCause, 'leases' | 'config' | 'intent'>, ServerReason> = {
    boot: 'boot', device_attached: 'device_back', device_left: 'last_device_left', grace_expired: 'grace_expired', schedule: 'schedule', resync: 'resync',
  };
  switch (change.cause) {
    // Another node's devices came or went (cluster leases).
    case 'leases': return change.to === 'offline' ? 'last_device_left' : 'device_back';
    case 'config': return change.from === null ? 'agent_added' : change.row.disabled ? 'disabled' : 'config';
    // Only other agents' changes reach here for an intent recompute, which it does not make.
    case 'intent': return 'resync';
    default: return byCause[change.cause];
  }
}

export function historyHooks(clock: Clock): PresenceHooks {
  // A joining cluster node dates its boot statuses by the last committed intent (for identical
  // ETags); the log wants the instant this node actually observed them.
  const when = (cause: ChangeCause, at: number): number => (cause === 'boot' ? clock.now() : at);
  return {
    intentRows: ({ accountId, row, effective }: IntentCommit): ExtraRow[] => [{
      table: AGENT_EVENTS,
      values: {
        account_id: accountId, agent_id: row.id, at: row.changedAt, intent: row.intent, status: effective,
        version: row.version, reason: row.reason, by_device_id: row.byDeviceId, by_kind: row.byKind,
      },
    }],
    effectiveRows: (c: EffectiveChange): ExtraRow[] => [{
      table: AGENT_EVENTS,
      ignoreDuplicate: true,
      values: {
        account_id: c.accountId, agent_id: c.row.id, at: when(c.cause, c.at), intent: c.row.intent, status: c.to,
        version: c.row.version, reason: serverReason(c), by_device_id: null, by_kind: 'server',
      },
    }],
    chatBoxRows: (c: ChatBoxChange): ExtraRow[] => {
      // A recompute that only moved nextOpenAt is not a change of what visitors can do.
      if (c.previous && c.previous.online === c.status.online && c.previous.reason === c.status.reason) return [];
      return [{
        table: BOX_EVENTS,
        ignoreDuplicate: true,
        values: { account_id: c.accountId, box: c.group ?? '', at: when(c.cause, c.at), online: c.status.online ? 1 : 0, reason: c.status.reason, cause: c.cause },
      }];
    },
  };
}
