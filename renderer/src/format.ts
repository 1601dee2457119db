// Error messages of the dashboard in the person's language. The words for statuses, reasons and
// chat box states live in src/common/i18n/words.ts, shared with the tray and the CLI.
import type { Translator } from '../../src/common/i18n/translate.js';

/** An error from the client core or the server, as a sentence to show. */
export function errorText(t: Translator, err: unknown): string {
  const e = err as { code?: string; message?: string } | null;
  switch (e?.code) {
    case 'unauthorized': return t.t('error.unauthorized');
    case 'network': return `${t.t('error.network')} ${e.message ?? ''}`.trim();
    case 'timeout': return t.t('error.timeout');
    case 'rate_limited': return t.t('error.rateLimited');
    // The server's message names the minutes left; it is English, but more useful than none.
    case 'account_locked': return e.message ?? t.t('error.accountLocked');
    case 'forbidden': return t.t('error.forbidden');
    default: return e?.message ?? String(err);
  }
}
