// Timed statuses on My status (SPEC 11): away for 15 minutes or an hour, offline until the chat
// box's next opening (when the server says when that is), and what is in force now ("Away until
// 13:30", "On leave until …", from GET /presence). The server returns the status at `until`.
import { useState } from 'react';
import { checkUntil } from '../../../src/common/timed-status.js';
import { statusLabel } from '../../../src/common/i18n/words.js';
import type { AgentView } from '../../../src/common/http-schemas.js';
import type { ChatBoxStatus, Status } from '../../../src/common/protocol.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT, type RendererTranslator } from '../i18n/use-t.js';

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DATE: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };

export const leaveDate = (t: RendererTranslator, date: string): string => t.dateTime(`${date}T12:00:00Z`, DATE);
export const untilTime = (t: RendererTranslator, iso: string): string => t.dateTime(iso, TIME);

export function TimedChoices({ me, visitors, onDone }: { me: AgentView | undefined; visitors: ChatBoxStatus | null; onDone(): void }) {
  const host = useHost();
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const nextOpen = visitors?.nextOpenAt ?? null;
  const opensOk = nextOpen !== null && checkUntil(nextOpen, Date.now()).ok;

  const set = async (status: Status, until: string): Promise<void> => {
    setError(null);
    try {
      await host.api()!.setMyStatus(status, 'manual', undefined, until);
      onDone();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();

  return (
    <div className="stack" data-testid="timed-choices">
      <h3>{t.t('my.timedTitle')}</h3>
      <div className="actions">
        <button type="button" onClick={() => void set('away', inMs(15 * 60_000))}>{t.t('my.away15')}</button>
        <button type="button" onClick={() => void set('away', inMs(3_600_000))}>{t.t('my.away60')}</button>
        <button type="button" disabled={!opensOk} onClick={() => { if (nextOpen) void set('offline', new Date(Date.parse(nextOpen)).toISOString()); }}>{t.t('my.offlineUntilOpen')}</button>
      </div>
      {me?.until && <p data-testid="my-until">{t.t('my.until', { status: statusLabel(t, me.intent), time: untilTime(t, me.until) })}</p>}
      {me?.leaveUntil && <p className="banner warn" data-testid="my-leave">{t.t('my.onLeave', { date: leaveDate(t, me.leaveUntil) })}</p>}
      {error && <p className="error-text" role="alert">{error}</p>}
    </div>
  );
}
