// `presencectl report coverage --from D --to D [--group ID] [--json|--csv]` (issue 16): the
// coverage report of SPEC 9 as a table for people, the API's JSON, or the server's CSV (made
// here from the JSON with the same function the server uses).
import { coverageCsv } from '../common/report-csv.js';
import { formatHms as hms, type CoverageReport } from '../common/report-coverage.js';
import type { Translator } from '../common/i18n/translate.js';
import { apiOf, requireToken, type CommandContext } from './presencectl-commands.js';
import { ExitCode, UsageError, toCliError } from './presencectl-errors.js';

export interface ReportOptions {
  from: string | undefined;
  to: string | undefined;
  group: string | undefined;
  csv: boolean;
}

export function coverageTable(tr: Translator, r: CoverageReport & { group?: string | null }, from: string, to: string): string {
  const pct = (v: number | null): string => (v === null ? '–' : new Intl.NumberFormat(tr.tag, { style: 'percent', maximumFractionDigits: 1 }).format(v));
  const where = r.group ? tr.t('cli.widgetGroup', { id: r.group }) : tr.t('cli.widgetWebsite');
  const cols = tr.t('cli.report.columns').split('|');
  const widths = [10, 10, 10, 10, 9].map((w, i) => Math.max(w, cols[i]?.length ?? 0));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rows = [tr.t('cli.report.title', { from, to, where, zone: r.timezone }), line(cols)];
  for (const d of r.days) {
    rows.push(line([d.date, hms(d.openSeconds), hms(d.coveredSeconds), hms(d.uncoveredSeconds), pct(d.openSeconds === 0 ? null : d.coveredSeconds / d.openSeconds)]));
    for (const g of d.gaps) rows.push(`  ${tr.t('cli.report.gap', { from: g.from, to: g.to })}`);
  }
  const t = r.totals;
  rows.push(line([tr.t('cli.report.total'), hms(t.openSeconds), hms(t.coveredSeconds), hms(t.uncoveredSeconds), pct(t.coverage)]));
  return rows.join('\n');
}

export async function reportCommand(ctx: CommandContext, name: string | undefined, o: ReportOptions): Promise<number> {
  if (name !== 'coverage') throw new UsageError(ctx.tr.t('cli.report.unknown', { name: name ?? '' }));
  if (!o.from || !o.to) throw new UsageError(ctx.tr.t('cli.report.needDates'));
  if (o.csv && ctx.json) throw new UsageError(ctx.tr.t('cli.report.oneFormat'));
  requireToken(ctx);
  const q = new URLSearchParams({ from: o.from, to: o.to, ...(o.group ? { group: o.group } : {}) });
  const report = await apiOf(ctx, 30_000).get<CoverageReport & { group: string | null }>(`/reports/coverage?${q.toString()}`)
    .catch((e: unknown) => { throw toCliError(ctx.tr, e, 'other'); });
  if (o.csv) ctx.io.stdout.write(coverageCsv(report));
  else ctx.io.stdout.write(`${ctx.json ? JSON.stringify(report) : coverageTable(ctx.tr, report, o.from, o.to)}\n`);
  return ExitCode.ok;
}
