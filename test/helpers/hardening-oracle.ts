// The reference model of SPEC 4.1/4.2 for one frame: what the server must answer. The fuzz tests
// compare every reply and close code with it, so "no crash" is not the only thing checked.
import { isUtf8 } from 'node:buffer';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { LIMITS, clientMessageSchema, helloSchema } from '../../src/common/protocol.js';

export interface Frame { bytes: Buffer; binary: boolean }

export type Outcome =
  | { kind: 'ack'; seq: number; status: string }
  | { kind: 'error'; seq: number }
  | { kind: 'pong'; id: number }
  | { kind: 'bye' }
  | { kind: 'welcome' }
  | { kind: 'close'; code: number };

export const textFrame = (value: unknown): Frame => ({ bytes: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value) ?? 'null'), binary: false });

/** Checks every transport-level rule; returns the parsed JSON or the close the server must send. */
function transport(frame: Frame, maxPayload: number): { code: number } | { value: unknown } {
  if (frame.bytes.length > maxPayload) return { code: 1009 };
  if (frame.binary) return { code: 4400 };
  // RFC 6455 8.1: ws closes text frames that are not UTF-8 with 1007 before the app sees them.
  if (!isUtf8(frame.bytes)) return { code: 1007 };
  try { return { value: JSON.parse(frame.bytes.toString('utf8')) }; } catch { return { code: 4400 }; }
}

export function predictAfterHello(frame: Frame): Outcome {
  const t = transport(frame, LIMITS.maxFrameBytes);
  if ('code' in t) return { kind: 'close', code: t.code };
  const parsed = clientMessageSchema.safeParse(t.value);
  if (parsed.success) {
    const m = parsed.data;
    if (m.type === 'status.set') return { kind: 'ack', seq: m.seq, status: m.status };
    if (m.type === 'ping') return { kind: 'pong', id: m.id };
    return { kind: 'bye' };
  }
  const v = t.value as { type?: unknown; seq?: unknown } | null;
  if (v && typeof v === 'object' && v.type === 'status.set' && typeof v.seq === 'number' && Number.isSafeInteger(v.seq)) return { kind: 'error', seq: v.seq };
  return { kind: 'close', code: 4400 };
}

export function predictHello(frame: Frame, validToken: string): Outcome {
  const t = transport(frame, LIMITS.maxFrameBytes);
  if ('code' in t) return { kind: 'close', code: t.code };
  const parsed = helloSchema.safeParse(t.value);
  if (!parsed.success) return { kind: 'close', code: 4400 };
  return parsed.data.token === validToken ? { kind: 'welcome' } : { kind: 'close', code: 4401 };
}

/** Widgets ignore what they receive; only transport rules apply (1 KiB frame limit). */
export function predictWidgetFrame(frame: Frame): Outcome | null {
  if (frame.bytes.length > 1024) return { kind: 'close', code: 1009 };
  if (!frame.binary && !isUtf8(frame.bytes)) return { kind: 'close', code: 1007 };
  return null;
}

/** A logger that keeps every warn-or-worse line, so a suite can assert that nothing was logged as an error. */
export function capturingLogger(): { logger: Logger; errors: () => string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return { logger: pino({ level: 'warn' }, sink), errors: () => lines.filter((l) => /"level":(50|60)/.test(l)) };
}
