// Live preview of a draft with the same engine the server uses (src/common/office-hours): open
// now or not, and when that changes, in the schedule's zone and in the viewer's.
import type { ReactNode } from 'react';
import { describe, isOpen, nextChange, validateOfficeHours } from '../../../src/common/office-hours.js';
import { useT, type RendererTranslator } from '../i18n/use-t.js';
import { browserTimeZone, humanPath, toPayload, type Draft } from './draft.js';
import { useNow } from './use-now.js';

function at(t: RendererTranslator, ms: number, timeZone: string): string {
  return t.dateTime(ms, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function SchedulePreview({ draft, inherited = false }: { draft: Draft | null; inherited?: boolean }) {
  const now = useNow();
  const t = useT();
  let body: ReactNode;
  let open: boolean | null = null;
  if (!draft || !draft.enabled) {
    open = true;
    body = <p>{t.t('oh.alwaysOpen', { inherited: inherited ? 'yes' : 'no' })}</p>;
  } else {
    const result = validateOfficeHours(toPayload(draft));
    if (!result.ok) {
      const first = result.issues[0]!;
      body = <p className="muted">{t.t('oh.invalid', { path: humanPath(t, first.path), message: first.message.replace(`${first.path}: `, '') })}</p>;
    } else {
      const s = result.value;
      open = isOpen(s, now);
      const change = nextChange(s, now);
      const local = browserTimeZone();
      body = (
        <>
          <p className="preview-headline" data-testid="preview-headline">{describe(s, now, { locale: t.locale, tag: t.tag })}</p>
          {change !== null ? (
            <p className="muted" data-testid="preview-next">
              {local !== s.timezone
                ? t.t('oh.nextLocal', { at: at(t, change, s.timezone), zone: s.timezone, local: at(t, change, local) })
                : t.t('oh.next', { at: at(t, change, s.timezone), zone: s.timezone })}
            </p>
          ) : <p className="muted">{t.t('oh.noChange')}</p>}
        </>
      );
    }
  }
  return (
    <section className="card preview" aria-labelledby="preview-title" aria-live="polite">
      <h2 id="preview-title">
        {inherited ? t.t('oh.previewOf') : t.t('oh.preview')}{' '}
        {open !== null && <span className={`pill ${open ? 'status-online' : 'status-offline'}`} data-testid="preview-open">{open ? t.t('oh.openNow') : t.t('oh.closedNow')}</span>}
      </h2>
      {body}
    </section>
  );
}
