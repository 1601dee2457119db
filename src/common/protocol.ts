// Wire protocol v1 (SPEC 4): one zod schema per message, shared by the server, the client core,
// the renderer and the Electron IPC. Client messages are strict: unknown fields are rejected.
import { z } from 'zod';
import { RATE_LIMITS, TIMINGS } from './timings.js';

export const PROTOCOL_VERSION = 1;

export const statusSchema = z.enum(['online', 'away', 'offline']);
export type Status = z.infer<typeof statusSchema>;

export const reasonSchema = z.enum(['manual', 'quit', 'shutdown', 'logout', 'suspend', 'lock', 'idle', 'schedule']);
export type Reason = z.infer<typeof reasonSchema>;

/** Reasons the server itself uses when it changes a status (admin action, grace expiry, boot). */
/** `timer`: a timed status ended and the intent went back to what it was before (SPEC 11). */
export const serverReasonSchema = z.enum(['admin', 'grace_expired', 'disconnected', 'disabled', 'api', 'timer']);
export const anyReasonSchema = z.union([reasonSchema, serverReasonSchema]);
export type AnyReason = z.infer<typeof anyReasonSchema>;

export const deviceKindSchema = z.enum(['desktop', 'web', 'cli', 'mobile']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

export const chatBoxReasonSchema = z.enum(['agents_online', 'no_agents_online', 'outside_office_hours']);
export type ChatBoxReason = z.infer<typeof chatBoxReasonSchema>;

export const chatBoxStatusSchema = z.object({
  online: z.boolean(),
  reason: chatBoxReasonSchema,
  nextOpenAt: z.string().nullable(),
});
export type ChatBoxStatus = z.infer<typeof chatBoxStatusSchema>;

export const deviceIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'deviceId: letters, digits, _ and - only');

// ---- client → server (agent socket) ----
export const helloSchema = z.strictObject({
  type: z.literal('hello'),
  token: z.string().min(1).max(256),
  device: z.strictObject({
    id: deviceIdSchema,
    kind: deviceKindSchema,
    name: z.string().max(100).optional(),
  }),
  protocol: z.literal(PROTOCOL_VERSION),
});
export type Hello = z.infer<typeof helloSchema>;

export const statusSetSchema = z.strictObject({
  type: z.literal('status.set'),
  status: statusSchema,
  reason: reasonSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** A timed status (SPEC 11): ISO 8601, in the future, at most 30 days ahead (timed-status.ts). */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type StatusSet = z.infer<typeof statusSetSchema>;

export const byeSchema = z.strictObject({ type: z.literal('bye') });
export const pingSchema = z.strictObject({ type: z.literal('ping'), id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

/** Messages after hello. `hello` itself is only valid as the first frame. */
export const clientMessageSchema = z.discriminatedUnion('type', [statusSetSchema, byeSchema, pingSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---- server → client (agent socket) ----
export const roleSchema = z.enum(['admin', 'agent']);
export type Role = z.infer<typeof roleSchema>;

export const agentSelfSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  groupIds: z.array(z.string()),
});
export type AgentSelf = z.infer<typeof agentSelfSchema>;

export const byDeviceSchema = z.object({ deviceId: z.string().nullable(), kind: z.union([deviceKindSchema, z.literal('server')]) });

export const ownStatusSchema = z.object({
  type: z.literal('status'),
  status: statusSchema,
  effective: statusSchema,
  version: z.number().int(),
  reason: anyReasonSchema,
  by: byDeviceSchema,
  at: z.string(),
  /** When a timed status ends (ISO 8601), null when none; optional for servers before issue 18. */
  until: z.string().nullable().optional(),
  /** Time off in force today: its last day (YYYY-MM-DD), null when not on leave (issue 18). */
  leaveUntil: z.string().nullable().optional(),
});
export type OwnStatus = z.infer<typeof ownStatusSchema>;

export const chatBoxMessageSchema = z.object({
  type: z.literal('chatBox'),
  website: chatBoxStatusSchema,
  groups: z.record(z.string(), chatBoxStatusSchema),
});
export type ChatBoxMessage = z.infer<typeof chatBoxMessageSchema>;

export const welcomeSchema = z.object({
  type: z.literal('welcome'),
  sessionId: z.string(),
  agent: agentSelfSchema,
  status: ownStatusSchema.omit({ type: true }),
  chatBox: chatBoxMessageSchema.omit({ type: true }),
  heartbeatMs: z.number().int().positive(),
  /** SPEC 2.1: how long this agent stays online after a browser tab closes (issue 23); optional for older servers. */
  tabGraceMs: z.number().int().nonnegative().optional(),
});
export type Welcome = z.infer<typeof welcomeSchema>;

export const ackSchema = z.object({ type: z.literal('ack'), seq: z.number().int(), version: z.number().int() });

export const errorCodeSchema = z.enum([
  'bad_request', 'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict',
  'rate_limited', 'payload_too_large', 'unsupported_protocol', 'internal', 'unavailable', 'account_locked',
  // SPEC 11: an automatic change to online while the agent is on leave (issue 18).
  'on_leave',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  seq: z.number().int().optional(),
  code: errorCodeSchema,
  message: z.string(),
});

export const pongSchema = z.object({ type: z.literal('pong'), id: z.number().int() });

export const teamAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  groupIds: z.array(z.string()),
  disabled: z.boolean(),
  intent: statusSchema,
  status: statusSchema,
  version: z.number().int(),
  devices: z.number().int(),
  /** A timed status's end (ISO 8601), null when none. */
  until: z.string().nullable().optional(),
  /** Time off in force today: its last day (YYYY-MM-DD, the account's zone), null when not on leave. */
  leaveUntil: z.string().nullable().optional(),
  /**
   * Kinds of the devices connected (issue 16), each once, in the order desktop, web, cli, mobile. In a
   * cluster only the answering node's own devices are listed (the Redis leases hold counts, not kinds).
   */
  deviceKinds: z.array(deviceKindSchema).optional(),
});
export type TeamAgent = z.infer<typeof teamAgentSchema>;
export const teamSchema = z.object({ type: z.literal('team'), agents: z.array(teamAgentSchema) });

export const configChangedSchema = z.object({ type: z.literal('config.changed'), what: z.enum(['groups', 'officeHours', 'agent', 'account']) });

export const serverMessageSchema = z.discriminatedUnion('type', [
  welcomeSchema, ackSchema, errorMessageSchema, pongSchema, ownStatusSchema, chatBoxMessageSchema, teamSchema, configChangedSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

// ---- widget socket ----
export const widgetMessagesSchema = z.object({ offline: z.string().optional() });
export const whenOfflineSchema = z.enum(['message', 'hide']);
export type WhenOffline = z.infer<typeof whenOfflineSchema>;

export const widgetStatusSchema = z.object({
  type: z.literal('chatBox.status'),
  site: z.string(),
  group: z.string().nullable(),
  online: z.boolean(),
  reason: chatBoxReasonSchema,
  nextOpenAt: z.string().nullable(),
  messages: widgetMessagesSchema,
  whenOffline: whenOfflineSchema,
  at: z.string(),
});
export type WidgetStatus = z.infer<typeof widgetStatusSchema>;

export { CloseCode, type CloseCodeValue } from './close-codes.js';

/** Sizes of SPEC 4.1 and 8; the timings among them come from src/common/timings.ts. */
export const LIMITS = {
  maxFrameBytes: 16 * 1024,
  helloTimeoutMs: TIMINGS.helloTimeoutMs,
  statusSetPerWindow: RATE_LIMITS.statusSet.max,
  statusSetWindowMs: RATE_LIMITS.statusSet.windowMs,
  maxBufferedBytes: 1024 * 1024,
  pongTimeoutMs: TIMINGS.pongTimeoutMs,
} as const;
