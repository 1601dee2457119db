// The only place ipcMain is touched. Handlers exist only for the channels of the contract; every
// call is checked for its sender (the app's own renderer, top frame) and its payload (the shared
// zod schema) before a handler runs, and answers with a result value instead of a thrown error.
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_INVOKE_PREFIX, ipcChannels, ipcContract, type IpcChannel, type IpcErrorCode, type IpcRequest, type IpcResponse, type IpcResult } from '../common/ipc-contract.js';
import type { Logger } from './ports.js';
import { silentLogger } from './ports.js';

export type IpcHandlers = { [C in IpcChannel]: (req: IpcRequest<C>) => Promise<IpcResponse<C>> | IpcResponse<C> };

/** Only what this module uses of Electron's ipcMain, so tests can pass a recorder. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The renderer's origin, e.g. app://renderer (scheme + host; a custom scheme has no URL.origin). */
export interface TrustedOrigin { protocol: string; host: string }

export function isTrustedSenderUrl(url: string | undefined, trusted: readonly TrustedOrigin[]): boolean {
  if (!url) return false;
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  return trusted.some((t) => u.protocol === t.protocol && u.host === t.host);
}

/** Electron's senderFrame is null once the frame navigated away or was destroyed. */
export function checkSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, trusted: readonly TrustedOrigin[]): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'only the top frame may call the app';
  if (!isTrustedSenderUrl(frame.url, trusted)) return `untrusted sender ${frame.url}`;
  return null;
}

const fail = (code: IpcErrorCode, message: string): IpcResult<never> => ({ ok: false, error: { code, message } });

export function errorToIpc(err: unknown): IpcResult<never> {
  const e = err as { code?: unknown; message?: unknown; issues?: unknown };
  if (Array.isArray(e?.issues)) return fail('validation_failed', String(e.message ?? 'invalid input'));
  const known: readonly IpcErrorCode[] = ['unauthorized', 'unavailable', 'validation_failed'];
  const code = typeof e?.code === 'string' && (known as readonly string[]).includes(e.code) ? (e.code as IpcErrorCode) : 'internal';
  return fail(code, typeof e?.message === 'string' ? e.message : 'Something went wrong.');
}

export async function dispatchIpc(
  channel: IpcChannel,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  args: unknown[],
  handlers: IpcHandlers,
  trusted: readonly TrustedOrigin[],
  log: Logger = silentLogger,
): Promise<IpcResult<unknown>> {
  const senderProblem = checkSender(event, trusted);
  if (senderProblem) {
    log.warn('ipc: rejected sender', { channel, problem: senderProblem });
    return fail('forbidden_sender', 'This window may not call the app.');
  }
  if (args.length > 1) return fail('validation_failed', `${channel} takes at most one argument`);
  const spec = ipcContract[channel];
  const parsed = spec.request.safeParse(args[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A custom rule's message is written for people (server-url.ts); zod's own ones need the field.
    if (issue?.code === 'custom') return fail('validation_failed', issue.message);
    return fail('validation_failed', `${channel}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload'}`);
  }
  try {
    const handler = handlers[channel] as (req: unknown) => unknown;
    const value = spec.response.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    log.warn('ipc: handler failed', { channel, err: String(err) });
    return errorToIpc(err);
  }
}

export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, trusted: readonly TrustedOrigin[], log: Logger = silentLogger): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(IPC_INVOKE_PREFIX + channel, (event, ...args) => dispatchIpc(channel, event, args, handlers, trusted, log));
  }
  return () => { for (const channel of ipcChannels) ipcMain.removeHandler(IPC_INVOKE_PREFIX + channel); };
}
