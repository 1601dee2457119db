// The outbox row of one event (SPEC 10 body: id, type, at, accountId, data). The body is written
// once, as the exact bytes every attempt to every endpoint will send, so retries are identical.
import { randomBytes } from 'node:crypto';
import type { WebhookEventType } from '../../common/webhook-schemas.js';
import type { ExtraRow } from '../store/store.js';

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  at: string;
  accountId: string;
  data: Record<string, unknown>;
}

export const newEventId = (): string => `evt_${randomBytes(12).toString('base64url')}`;

export function makeEvent(accountId: string, type: WebhookEventType, at: number, data: Record<string, unknown>): WebhookEvent {
  return { id: newEventId(), type, at: new Date(at).toISOString(), accountId, data };
}

/** The row that puts `event` in the outbox; committed in the transaction of the change it reports. */
export function outboxRow(event: WebhookEvent, now: number): ExtraRow {
  return { table: 'webhook_events', values: { id: event.id, account_id: event.accountId, type: event.type, body: JSON.stringify(event), created_at: now } };
}
