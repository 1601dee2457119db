// HTTP bodies of SPEC 10 (webhook endpoints and their delivery log). Request bodies are strict;
// the same schemas validate on the server and type the dashboard.
import { z } from 'zod';

/** Events an endpoint can subscribe to; `webhook.test` is only ever sent by the test route. */
export const webhookEventTypeSchema = z.enum(['agent.status.changed', 'chatBox.changed', 'coverage.gap.started', 'coverage.gap.ended']);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema> | 'webhook.test';

/** `json`: the signed event body of SPEC 10; `slack`: `{"text": …}` for Slack incoming-webhook URLs. */
export const webhookFormatSchema = z.enum(['json', 'slack']);
export type WebhookFormat = z.infer<typeof webhookFormatSchema>;

const urlSchema = z.string().trim().min(1).max(2000);
const eventsSchema = z.array(webhookEventTypeSchema).min(1, 'must name at least one event').max(10);
const descriptionSchema = z.string().trim().max(200);

export const createWebhookBodySchema = z.strictObject({
  url: urlSchema,
  events: eventsSchema,
  description: descriptionSchema.optional(),
  format: webhookFormatSchema.default('json'),
});
export type CreateWebhookBody = z.input<typeof createWebhookBodySchema>;

export const patchWebhookBodySchema = z.strictObject({
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  description: descriptionSchema.optional(),
  format: webhookFormatSchema.optional(),
  enabled: z.boolean().optional(),
});
export type PatchWebhookBody = z.infer<typeof patchWebhookBodySchema>;

export const webhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  description: z.string(),
  format: webhookFormatSchema,
  enabled: z.boolean(),
  /** `failing`: disabled by the server after 24 h of failed deliveries; null when enabled or disabled by an admin. */
  disabledReason: z.enum(['failing']).nullable(),
  /** When the current run of failures began (ISO 8601), null while deliveries succeed. */
  failingSince: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

/** Only the create response carries the secret; nothing shows it again. */
export const createdWebhookSchema = webhookViewSchema.extend({ secret: z.string() });
export const webhookListSchema = z.object({ webhooks: z.array(webhookViewSchema) });

export const webhookTestResultSchema = z.object({ eventId: z.string() });

export const webhookAttemptSchema = z.object({
  at: z.string(),
  eventId: z.string(),
  type: z.string(),
  /** The receiver's HTTP status, or null when there was none (timeout, refused address, network error). */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export const webhookAttemptListSchema = z.object({ attempts: z.array(webhookAttemptSchema) });
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

/** What admins are told on every dashboard screen: open coverage gaps and endpoints the server disabled. */
export const adminAlertsSchema = z.object({
  gaps: z.array(z.object({ groupId: z.string().nullable(), groupName: z.string().nullable(), since: z.string() })),
  disabledWebhooks: z.array(z.object({ id: z.string(), url: z.string() })),
});
export type AdminAlerts = z.infer<typeof adminAlertsSchema>;
