// Activity (issue 16): an agent's effective status over a day or a week as a timeline, the time
// spent in each status, and every change with its reason, from GET /agents/:id/history. An admin
// picks any agent of the account; an agent sees its own.
import { useEffect, useState, type FormEvent } from 'react';
import { formatHms } from '../../../src/common/report-coverage.js';
import { reasonLabel, statusLabel } from '../../../src/common/i18n/words.js';
import type { Status } from '../../../src/common/protocol.js';
import { errorText } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { useTeamData } from '../use-team-data.js';
import { ActivityChart, segmentsOf, type Segment } from './activity-chart.js';

interface HistoryEvent { at: string; status: Status; reason: string }
interface Loaded { from: number; to: number; segments: Segment[]; events: HistoryEvent[] }

const localDate = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function ActivityScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const t = useT();
  const admin = snap.agent?.role === 'admin';
  const { presence } = useTeamData();
  const [agentId, setAgentId] = useState('me');
  const [day, setDay] = useState(localDate(new Date()));
  const [week, setWeek] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (): Promise<void> => {
    setError(null);
    try {
      const [y, m, d] = day.split('-').map(Number);
      const from = new Date(y!, m! - 1, d!).getTime();
      const to = new Date(y!, m! - 1, d! + (week ? 7 : 1)).getTime();
      const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      const res = await host.api()?.get<{ initial: HistoryEvent | null; events: HistoryEvent[] }>(`/agents/${encodeURIComponent(agentId)}/history?${q.toString()}`);
      if (!res) return;
      setLoaded({ from, to, events: res.events, segments: segmentsOf(res.initial?.status ?? 'offline', res.events, from, to, Date.now()) });
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  // The agent's own day once on mount; later choices on "Show".
  useEffect(() => { void load(); }, []);
  const submit = (e: FormEvent): void => { e.preventDefault(); void load(); };

  const total = (s: Status): string => formatHms(Math.round((loaded?.segments ?? []).filter((g) => g.status === s).reduce((n, g) => n + g.to - g.from, 0) / 1000));
  const summary = t.t('activity.summary', { online: total('online'), away: total('away'), offline: total('offline') });

  return (
    <div className="stack">
      <form className="card field-row" onSubmit={submit}>
        {admin && (
          <div className="field"><label htmlFor="activity-agent">{t.t('activity.agent')}</label>
            <select id="activity-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="me">{t.t('team.you', { name: snap.agent?.name ?? '' })}</option>
              {(presence?.agents ?? []).filter((a) => a.id !== snap.agent?.id).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </div>
        )}
        <label className="field">{t.t('activity.day')}<input type="date" value={day} onChange={(e) => setDay(e.target.value)} /></label>
        <div className="field"><label htmlFor="activity-range">{t.t('activity.range')}</label>
          <select id="activity-range" value={week ? 'week' : 'day'} onChange={(e) => setWeek(e.target.value === 'week')}>
            <option value="day">{t.t('activity.rangeDay')}</option>
            <option value="week">{t.t('activity.rangeWeek')}</option>
          </select>
        </div>
        <div className="actions"><button type="submit" className="primary">{t.t('activity.show')}</button></div>
      </form>
      {error && <p className="banner warn" role="alert">{error}</p>}
      {!loaded ? (!error && <p className="muted">{t.t('activity.loading')}</p>) : (
        <>
          <p data-testid="activity-summary">{summary}</p>
          <div className="card chart-card"><ActivityChart segments={loaded.segments} from={loaded.from} to={loaded.to} summary={summary} /></div>
          <section className="card" aria-labelledby="activity-changes">
            <h2 id="activity-changes">{t.t('activity.table')}</h2>
            {loaded.events.length === 0 ? <p className="muted">{t.t('activity.none')}</p> : (
              <ul data-testid="activity-events">
                {loaded.events.map((e) => (
                  <li key={`${e.at}-${e.status}-${e.reason}`}>{t.t('activity.event', { at: t.dateTime(e.at, { weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }), status: statusLabel(t, e.status), reason: reasonLabel(t, e.reason) })}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
