// Errors at the HTTP edge are values with a code: `{"error":{"code","message","details"?}}`.
import { checkUntil } from '../../common/timed-status.js';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { issuesToDetails } from '../../common/http-schemas.js';
import type { ErrorCode } from '../../common/protocol.js';
import { AuthError } from '../auth.js';
import { StoreError, type StoreErrorKind } from '../store/store-error.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string, readonly details?: unknown, readonly headers?: Record<string, string>) {
    super(message);
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

/** Parses a body or query with a shared schema; a failure names every bad field. */
/** A timed status's `until` as epoch ms, or a 400 naming the field (the rule is checkUntil's). */
export function parseUntil(until: string | undefined, now: number): number | undefined {
  if (until === undefined) return undefined;
  const checked = checkUntil(until, now);
  if (!checked.ok) throw new HttpError(400, 'validation_failed', `invalid body: ${checked.message}`, [{ path: 'until', message: checked.message.replace(/^until: /, '') }]);
  return checked.at;
}

export function parse<T extends z.ZodType>(schema: T, input: unknown, what = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? (what === 'body' ? undefined : {}));
  if (!result.success) {
    const details = issuesToDetails(result.error.issues);
    throw new HttpError(400, 'validation_failed', `invalid ${what}: ${details.map((d) => `${d.path || what}: ${d.message}`).join('; ')}`, details);
  }
  return result.data;
}

/** The HTTP answer to each kind of store error: the one place that decides it. */
export function storeErrorStatus(kind: StoreErrorKind): { status: number; code: ErrorCode } {
  switch (kind) {
    case 'not_found': return { status: 404, code: 'not_found' };
    case 'unknown_reference': return { status: 400, code: 'validation_failed' };
    case 'duplicate':
    case 'conflict': return { status: 409, code: 'conflict' };
    case 'disk_full':
    case 'read_only':
    case 'unreachable': return { status: 503, code: 'unavailable' };
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } });
    }
    if (err instanceof AuthError) {
      const status = err.code === 'unauthorized' ? 401 : err.code === 'forbidden' ? 403 : 429;
      if (err.retryAfterS) void reply.header('retry-after', String(err.retryAfterS));
      return reply.code(status).send({ error: { code: err.code, message: err.message } });
    }
    if (err instanceof StoreError) {
      const { status, code } = storeErrorStatus(err.kind);
      if (err.unavailable) request.log.error({ err }, 'storage error');
      return reply.code(status).send({ error: { code, message: err.message } });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'payload_too_large', message: 'request body too large (limit 64 KiB)' } });
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: { code: 'bad_request', message: 'send JSON with content-type application/json' } });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ error: { code: fe.statusCode === 429 ? 'rate_limited' : 'bad_request', message: fe.message } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; it was logged' } });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));
}
