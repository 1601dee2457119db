// Request and response shapes of the history and report routes (SPEC 9).
import { z } from 'zod';
import { deviceKindSchema, statusSchema } from '../../common/protocol.js';
import { parseDate } from '../../common/office-hours-time.js';

/** At most this many days per report request (SPEC 9). */
export const MAX_REPORT_DAYS = 400;

const localDate = z.string().refine((d) => parseDate(d) !== null, { error: (iss) => `must be a date "YYYY-MM-DD", got ${JSON.stringify(iss.input)}` });
const format = z.enum(['json', 'csv']).optional();

export const historyQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const coverageQuerySchema = z.strictObject({ from: localDate, to: localDate, group: z.string().min(1).max(64).optional(), format });
export const agentsReportQuerySchema = z.strictObject({ from: localDate, to: localDate, format });

const eventSchema = z.object({
  at: z.string(),
  agentId: z.string(),
  intent: statusSchema,
  status: statusSchema,
  version: z.number().int(),
  reason: z.string(),
  by: z.object({ deviceId: z.string().nullable(), kind: z.union([deviceKindSchema, z.literal('server')]) }),
});

export const historyResponseSchema = z.object({
  agentId: z.string(),
  from: z.string(),
  to: z.string(),
  /** The last event before `from`: the intent and status in force at `from` (null: none recorded). */
  initial: eventSchema.nullable(),
  events: z.array(eventSchema),
});

const gapSchema = z.object({ from: z.string(), to: z.string() });
export const coverageResponseSchema = z.object({
  timezone: z.string(),
  group: z.string().nullable(),
  days: z.array(z.object({ date: z.string(), openSeconds: z.number().int(), coveredSeconds: z.number().int(), uncoveredSeconds: z.number().int(), gaps: z.array(gapSchema) })),
  totals: z.object({ openSeconds: z.number().int(), coveredSeconds: z.number().int(), uncoveredSeconds: z.number().int(), coverage: z.number().nullable() }),
});

export const agentsReportResponseSchema = z.object({
  timezone: z.string(),
  agents: z.array(z.object({
    agentId: z.string(),
    name: z.string(),
    days: z.array(z.object({
      date: z.string(), onlineSeconds: z.number().int(), awaySeconds: z.number().int(), offlineSeconds: z.number().int(),
      firstOnline: z.string().nullable(), lastOnline: z.string().nullable(),
    })),
  })),
});
