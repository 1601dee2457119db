// CSV of the reports (SPEC 9: `?format=csv`): a header row, one row per day (per agent and day),
// RFC 4180 quoting. Gaps go into one cell as "from/to" intervals (ISO 8601) separated by spaces.
import type { AgentsReport } from './report-agents.js';
import type { CoverageReport } from './report-coverage.js';

function cell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  // A leading = + - @ would be a formula in a spreadsheet; quote and prefix it (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const row = (cells: (string | number | null)[]): string => `${cells.map(cell).join(',')}\r\n`;

export function coverageCsv(report: CoverageReport): string {
  let out = row(['date', 'openSeconds', 'coveredSeconds', 'uncoveredSeconds', 'coverage', 'gaps']);
  for (const d of report.days) {
    out += row([d.date, d.openSeconds, d.coveredSeconds, d.uncoveredSeconds, d.openSeconds === 0 ? null : d.coveredSeconds / d.openSeconds, d.gaps.map((g) => `${g.from}/${g.to}`).join(' ')]);
  }
  const t = report.totals;
  return out + row(['total', t.openSeconds, t.coveredSeconds, t.uncoveredSeconds, t.coverage, '']);
}

export function agentsCsv(report: AgentsReport): string {
  let out = row(['agentId', 'name', 'date', 'onlineSeconds', 'awaySeconds', 'offlineSeconds', 'firstOnline', 'lastOnline']);
  for (const a of report.agents) {
    for (const d of a.days) out += row([a.agentId, a.name, d.date, d.onlineSeconds, d.awaySeconds, d.offlineSeconds, d.firstOnline, d.lastOnline]);
  }
  return out;
}
