// What webhooks take from the change seam (presence/change-hooks.ts): an outbox row for each
// agent status change and chat box change of an account that has an enabled endpoint, committed
// with the change (an intent's own transaction; a server-made change once per cluster). Changes
// seen for the first time (boot, a new agent) are not events: nothing changed for a receiver.
import type { PresenceHooks } from '../presence/change-hooks.js';
import type { PresenceHub } from '../presence/hub.js';
import { makeEvent, outboxRow } from './events.js';

export interface OutboxHookPorts {
  hub: PresenceHub;
  now: () => number;
  /** Whether the account has an enabled endpoint (kept by webhooks.ts; checked without I/O). */
  wants: (accountId: string) => boolean;
  /** A chat box changed: the unstaffed alert looks at it. */
  chatBoxChanged: (accountId: string, group: string | null) => void;
  committed: () => void;
}

export function outboxHooks(p: OutboxHookPorts): PresenceHooks {
  const groupName = (accountId: string, group: string | null): string | null => (group === null ? null : p.hub.account(accountId)?.groups.get(group)?.name ?? null);
  return {
    intentRows: (c) => {
      if (!p.wants(c.accountId)) return [];
      const r = c.row;
      return [outboxRow(makeEvent(c.accountId, 'agent.status.changed', r.changedAt, {
        agentId: r.id, name: r.name, intent: r.intent, status: c.effective, version: r.version, reason: r.reason, by: { deviceId: r.byDeviceId, kind: r.byKind },
      }), p.now())];
    },
    effectiveRows: (c) => {
      if (c.from === null || !p.wants(c.accountId)) return [];
      const r = c.row;
      return [outboxRow(makeEvent(c.accountId, 'agent.status.changed', c.at, {
        agentId: r.id, name: r.name, intent: r.intent, status: c.to, version: r.version, reason: c.cause, by: { deviceId: null, kind: 'server' },
      }), p.now())];
    },
    chatBoxRows: (c) => {
      p.chatBoxChanged(c.accountId, c.group);
      if (c.previous === null || !p.wants(c.accountId)) return [];
      return [outboxRow(makeEvent(c.accountId, 'chatBox.changed', c.at, {
        groupId: c.group, groupName: groupName(c.accountId, c.group), online: c.status.online, reason: c.status.reason, nextOpenAt: c.status.nextOpenAt,
      }), p.now())];
    },
    committed: () => p.committed(),
  };
}
