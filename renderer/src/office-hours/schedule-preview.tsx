// Live preview of a draft with the same engine the server uses (src/common/office-hours): open
// now or not, and when that changes, in the schedule's zone and in the viewer's.
import type { ReactNode } from 'react';
import { describe, isOpen, nextChange, validateOfficeHours } from '../../../src/common/office-hours.js';
import { browserTimeZone, humanPath, toPayload, type Draft } from './draft.js';
import { useNow } from './use-now.js';

function at(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function SchedulePreview({ draft, inheritedFrom }: { draft: Draft | null; inheritedFrom?: string }) {
  const now = useNow();
  let body: ReactNode;
  let open: boolean | null = null;
  if (!draft || !draft.enabled) {
    open = true;
    body = <p>Always open: office hours are off{inheritedFrom ? ` for ${inheritedFrom}` : ''}. The chat box follows the agents alone.</p>;
  } else {
    const result = validateOfficeHours(toPayload(draft));
    if (!result.ok) {
      const first = result.issues[0]!;
      body = <p className="muted">No preview until the schedule is valid: {humanPath(first.path)}: {first.message.replace(`${first.path}: `, '')}</p>;
    } else {
      const s = result.value;
      open = isOpen(s, now);
      const change = nextChange(s, now);
      const local = browserTimeZone();
      body = (
        <>
          <p className="preview-headline" data-testid="preview-headline">{describe(s, now)}</p>
          {change !== null ? (
            <p className="muted" data-testid="preview-next">
              Next change at {at(change, s.timezone)} ({s.timezone}){local !== s.timezone ? `, ${at(change, local)} your time` : ''}
            </p>
          ) : <p className="muted">No change within a year.</p>}
        </>
      );
    }
  }
  return (
    <section className="card preview" aria-labelledby="preview-title" aria-live="polite">
      <h2 id="preview-title">
        Preview{inheritedFrom ? ` (${inheritedFrom})` : ''}{' '}
        {open !== null && <span className={`pill ${open ? 'status-online' : 'status-offline'}`} data-testid="preview-open">{open ? 'Open now' : 'Closed now'}</span>}
      </h2>
      {body}
    </section>
  );
}
