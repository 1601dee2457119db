// Exit codes, so scripts can tell what went wrong without parsing messages (documented in --help
// and docs/cli.md).
import { isPresenceClientError } from '../client/errors.js';
import type { Translator } from '../common/i18n/translate.js';

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  loginRefused: 3,
  unreachable: 4,
  notSignedIn: 5,
  refused: 6,
  replaced: 7,
  interrupted: 130,
} as const;

export class UsageError extends Error {}

/** A failure with a message for a person and the exit code for a script. */
export class CliError extends Error {
  constructor(readonly exitCode: number, message: string) { super(message); }
}

/** Maps an error from the client core to a message and an exit code. `during` names the step. */
export function toCliError(tr: Translator, e: unknown, during: 'login' | 'other'): CliError {
  if (e instanceof CliError) return e;
  if (!isPresenceClientError(e)) return new CliError(ExitCode.failure, e instanceof Error ? e.message : String(e));
  if (e.code === 'network' || e.code === 'timeout') return new CliError(ExitCode.unreachable, e.message);
  if (during === 'login' && (e.status === 401 || e.status === 403 || e.status === 423 || e.status === 429 || e.code === 'account_locked')) {
    return new CliError(ExitCode.loginRefused, tr.t('cli.loginRefused', { error: e.message }));
  }
  if (e.status === 401 || e.code === 'unauthorized' || e.code === 'not_signed_in') {
    return new CliError(ExitCode.notSignedIn, tr.t('cli.notSignedInBecause', { error: e.message }));
  }
  if (e.status !== undefined && e.status >= 400 && e.status < 500) return new CliError(ExitCode.refused, `${e.code}: ${e.message}`);
  return new CliError(ExitCode.failure, `${e.code}: ${e.message}`);
}
