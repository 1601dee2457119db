// Errors are values with a code at the edges: the UI and the CLI switch on `code`, people read `message`.
import { CloseCode } from '../common/protocol.js';

/**
 * Codes the client itself produces, besides the server's own (`unauthorized`, `rate_limited`, ...):
 * - `network`: the server could not be reached (fetch failed, socket never opened);
 * - `timeout`: no answer in time;
 * - `bad_response`: the server answered something the shared schemas reject;
 * - `not_signed_in`: no token stored; `replaced`: another connection took this device's place;
 * - `closed`: the client was stopped while the request was pending.
 */
export class PresenceClientError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, opts: { status?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PresenceClientError';
    this.code = code;
    this.status = opts.status;
    this.details = opts.details;
  }
}

export function isPresenceClientError(e: unknown): e is PresenceClientError {
  return e instanceof PresenceClientError;
}

/** Close codes of SPEC 4.1.6 turned into a lastError the UI can show. */
export function closeCodeError(code: number, reason: string): { code: string; message: string } {
  const text = reason ? `: ${reason}` : '';
  switch (code) {
    case CloseCode.unauthorized: return { code: 'unauthorized', message: `The server refused the sign-in (token invalid or revoked)${text}. Sign in again.` };
    case CloseCode.forbidden: return { code: 'forbidden', message: `The server refused this agent${text}.` };
    case CloseCode.replaced: return { code: 'replaced', message: `Another connection with this device id took over${text}.` };
    case CloseCode.helloTimeout: return { code: 'hello_timeout', message: 'The server did not receive the hello in time.' };
    case CloseCode.rateLimited: return { code: 'rate_limited', message: 'Too many status changes; slowed down.' };
    case CloseCode.malformed: return { code: 'malformed', message: `The server rejected a message${text}.` };
    case CloseCode.tooBig: return { code: 'payload_too_large', message: 'A message was too large.' };
    case CloseCode.goingAway: return { code: 'going_away', message: 'The server is restarting.' };
    default: return { code: 'disconnected', message: `Connection lost (code ${code})${text}.` };
  }
}
