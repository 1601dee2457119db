// What one delivery sends: the signed JSON event of SPEC 10, or, for `format: "slack"`, a Slack
// incoming-webhook message (`{"text": …}`, Slack ignores other fields) that is signed the same way.
// The Slack text is English: the account has no language of its own yet (docs/decisions.md).
import type { WebhookFormat } from '../../common/webhook-schemas.js';
import { signatureHeader } from './signature.js';
import type { WebhookEvent } from './events.js';

export interface Outgoing { body: string; headers: Record<string, string> }

export function outgoing(format: WebhookFormat, rawEvent: string, deliveryId: string, secret: string, nowMs: number): Outgoing {
  const event = JSON.parse(rawEvent) as WebhookEvent;
  const body = format === 'slack' ? JSON.stringify({ text: slackText(event) }) : rawEvent;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'presence-event': event.type,
      'presence-delivery': deliveryId,
      'presence-signature': signatureHeader(secret, Math.floor(nowMs / 1000), body),
    },
  };
}

function where(groupId: unknown, groupName: unknown): string {
  return groupId === null || groupId === undefined ? 'The website chat box' : `The chat box of group ${typeof groupName === 'string' ? groupName : String(groupId)}`;
}

export function slackText(event: WebhookEvent): string {
  const d = event.data;
  switch (event.type) {
    case 'agent.status.changed': return `${String(d.name)} is now ${String(d.status)} (${String(d.reason)}).`;
    case 'chatBox.changed': return `${where(d.groupId, d.groupName)} is now ${d.online ? 'online' : 'offline'} (${String(d.reason).replace(/_/g, ' ')}).`;
    case 'coverage.gap.started': return `:warning: ${where(d.groupId, d.groupName)} is inside office hours but nobody has been online since ${String(d.since)}.`;
    case 'coverage.gap.ended': return `${where(d.groupId, d.groupName)} is covered again (${String(d.reason)}).`;
    case 'webhook.test': return 'Test event from Agent Presence: this endpoint receives presence events.';
  }
}
