// Coverage (admin, issue 16): for a date range and the website or a group, how much of the open
// time visitors found the chat box online: a chart per day, the same numbers as a table, the gaps
// in the viewer's time and the schedule's, the totals, and a CSV download (the server's CSV,
// made here by the same function from the same report).
import { useEffect, useState, type FormEvent } from 'react';
import { formatHms, type CoverageReport } from '../../../src/common/report-coverage.js';
import { coverageCsv } from '../../../src/common/report-csv.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { useTeamData } from '../use-team-data.js';
import { CoverageChart } from './coverage-chart.js';

const localDate = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function CoverageScreen() {
  const host = useHost();
  const t = useT();
  const { groups } = useTeamData();
  const today = new Date();
  const [from, setFrom] = useState(localDate(new Date(today.getTime() - 6 * 86_400_000)));
  const [to, setTo] = useState(localDate(today));
  const [box, setBox] = useState('');
  const [report, setReport] = useState<CoverageReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (): Promise<void> => {
    setError(null);
    try {
      const q = new URLSearchParams({ from, to, ...(box ? { group: box } : {}) });
      setReport((await host.api()?.get<CoverageReport>(`/reports/coverage?${q.toString()}`)) ?? null);
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  // The first range once on mount; later ones on "Show".
  useEffect(() => { void load(); }, []);
  const submit = (e: FormEvent): void => { e.preventDefault(); void load(); };

  const pct = (v: number | null): string => (v === null ? '–' : new Intl.NumberFormat(t.tag, { style: 'percent', maximumFractionDigits: 1 }).format(v));
  const time = (iso: string, timeZone?: string): string => t.dateTime(iso, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
  const csvHref = report ? `data:text/csv;charset=utf-8,${encodeURIComponent(coverageCsv(report))}` : undefined;
  const gaps = report?.days.flatMap((d) => d.gaps.map((g) => ({ date: d.date, ...g }))) ?? [];

  return (
    <div className="stack">
      <form className="card field-row" onSubmit={submit}>
        <label className="field">{t.t('coverage.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label className="field">{t.t('coverage.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <div className="field"><label htmlFor="coverage-box">{t.t('coverage.box')}</label>
          <select id="coverage-box" value={box} onChange={(e) => setBox(e.target.value)}>
            <option value="">{t.t('coverage.website')}</option>
            {(groups ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit" className="primary">{t.t('coverage.show')}</button></div>
      </form>
      {error && <p className="banner warn" role="alert">{error}</p>}
      {!report ? (!error && <p className="muted">{t.t('coverage.loading')}</p>) : (
        <>
          <p data-testid="coverage-totals">{report.totals.coverage === null ? t.t('coverage.nothingOpen') : t.t('coverage.totals', {
            open: formatHms(report.totals.openSeconds), covered: formatHms(report.totals.coveredSeconds), uncovered: formatHms(report.totals.uncoveredSeconds), ratio: pct(report.totals.coverage),
          })}</p>
          <div className="card chart-card">
            <CoverageChart report={report} summary={t.t('coverage.chartSummary', { count: report.days.length, ratio: pct(report.totals.coverage) })} />
            <p className="chart-legend"><span className="legend-covered" aria-hidden="true" /> {t.t('coverage.legendCovered')} <span className="legend-uncovered" aria-hidden="true" /> {t.t('coverage.legendUncovered')}</p>
          </div>
          <table className="coverage-table">
            <caption>{t.t('coverage.table', { zone: report.timezone })}</caption>
            <thead><tr><th scope="col">{t.t('coverage.date')}</th><th scope="col">{t.t('coverage.open')}</th><th scope="col">{t.t('coverage.covered')}</th><th scope="col">{t.t('coverage.uncovered')}</th></tr></thead>
            <tbody>
              {report.days.map((d) => (
                <tr key={d.date}><th scope="row">{d.date}</th><td>{formatHms(d.openSeconds)}</td><td>{formatHms(d.coveredSeconds)}</td><td>{formatHms(d.uncoveredSeconds)}</td></tr>
              ))}
            </tbody>
          </table>
          <section className="card" aria-labelledby="coverage-gaps">
            <h2 id="coverage-gaps">{t.t('coverage.gaps')}</h2>
            {gaps.length === 0 ? <p className="muted">{t.t('coverage.noGaps')}</p> : (
              <ul data-testid="coverage-gaps">
                {gaps.map((g) => (
                  <li key={`${g.from}`}>{t.t('coverage.gap', { date: g.date, from: time(g.from), to: time(g.to), zoneFrom: time(g.from, report.timezone), zoneTo: time(g.to, report.timezone), zone: report.timezone })}</li>
                ))}
              </ul>
            )}
          </section>
          <div className="actions"><a className="button" href={csvHref} download={`coverage-${from}-${to}.csv`}>{t.t('coverage.download')}</a></div>
        </>
      )}
    </div>
  );
}
