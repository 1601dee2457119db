// HTTP bodies of SPEC 4.3. Request bodies are strict (unknown fields rejected); the same schemas
// validate on the server and type the client core and the dashboard.
import { z } from 'zod';
import { BIDI_CONTROLS, BIDI_MESSAGE } from './input-rules.js';
import { roleSchema, statusSchema, teamAgentSchema, chatBoxStatusSchema, whenOfflineSchema, agentSelfSchema } from './protocol.js';

export const emailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(200);
// Refused rather than stripped (issue 19): the admin sees why, and what is stored is what was typed.
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(100).refine((s) => !BIDI_CONTROLS.test(s), BIDI_MESSAGE);
export const idSchema = z.string().min(1).max(64);

export const loginBodySchema = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const loginResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), agent: agentSelfSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const statusBodySchema = z.strictObject({
  status: statusSchema,
  reason: z.enum(['manual', 'quit', 'shutdown', 'logout', 'suspend', 'lock', 'idle', 'schedule']).optional(),
  /** A timed status (SPEC 11); the future and 30-day rules are checked by checkUntil (timed-status.ts). */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type StatusBody = z.infer<typeof statusBodySchema>;

export const createAgentBodySchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  role: roleSchema.default('agent'),
  groupIds: z.array(idSchema).max(100).default([]),
});
export type CreateAgentBody = z.input<typeof createAgentBodySchema>;

export const patchAgentBodySchema = z.strictObject({
  email: emailSchema.optional(),
  name: nameSchema.optional(),
  password: passwordSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  groupIds: z.array(idSchema).max(100).optional(),
});
export type PatchAgentBody = z.infer<typeof patchAgentBodySchema>;

export const createGroupBodySchema = z.strictObject({ name: nameSchema, memberIds: z.array(idSchema).max(1000).default([]) });
export const patchGroupBodySchema = z.strictObject({ name: nameSchema });
export const groupMembersBodySchema = z.strictObject({ agentIds: z.array(idSchema).max(1000) });

/** SPEC 10: the unstaffed alert's threshold in minutes (0 = off), at most a day. */
export const accountAlertsSchema = z.object({ unstaffedMinutes: z.number().int().min(0).max(1440) });
export const accountPatchBodySchema = z.strictObject({ name: nameSchema.optional(), whenOffline: whenOfflineSchema.optional(), alerts: z.strictObject(accountAlertsSchema.shape).optional() });

export const agentViewSchema = teamAgentSchema.extend({
  email: z.string(),
  /** GET /presence: when the current effective status began, from the status history (issue 16); null when none is recorded. */
  since: z.string().nullable().optional(),
});
export type AgentView = z.infer<typeof agentViewSchema>;

export const groupViewSchema = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()) });
export type GroupView = z.infer<typeof groupViewSchema>;

export const groupListSchema = z.object({ groups: z.array(groupViewSchema) });

export const accountViewSchema = z.object({ id: z.string(), name: z.string(), siteKey: z.string(), whenOffline: whenOfflineSchema, alerts: accountAlertsSchema });
export type AccountView = z.infer<typeof accountViewSchema>;

export const presenceViewSchema = z.object({
  agents: z.array(agentViewSchema),
  website: chatBoxStatusSchema,
  groups: z.record(z.string(), chatBoxStatusSchema),
});
export type PresenceView = z.infer<typeof presenceViewSchema>;

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Turns zod issues into `[{path, message}]` with dotted paths that name the field. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), ''),
    message: issue.message,
  }));
}
