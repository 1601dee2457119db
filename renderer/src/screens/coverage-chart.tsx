// The coverage chart: one bar per day, covered (green) under uncovered (orange) open time, in plain
// SVG: a few dozen rectangles need no charting library (and none enters the bundle). Screen
// readers get the same numbers from the table beside it (CoverageScreen); the SVG is labelled by
// a one-line summary.
import type { CoverageReport } from '../../../src/common/report-coverage.js';

const HEIGHT = 160;
const BAR = 18;
const GAP = 6;

export function CoverageChart({ report, summary }: { report: CoverageReport; summary: string }) {
  const max = Math.max(1, ...report.days.map((d) => d.openSeconds));
  const width = Math.max(200, report.days.length * (BAR + GAP) + GAP);
  const scale = (s: number): number => (s / max) * (HEIGHT - 20);
  return (
    <svg className="coverage-chart" role="img" aria-label={summary} viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} data-testid="coverage-chart">
      <line x1={0} x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="chart-axis" />
      {report.days.map((d, i) => {
        const x = GAP + i * (BAR + GAP);
        const covered = scale(d.coveredSeconds);
        const uncovered = scale(d.uncoveredSeconds);
        return (
          <g key={d.date} data-date={d.date}>
            <rect className="bar-covered" x={x} y={HEIGHT - covered} width={BAR} height={covered} />
            <rect className="bar-uncovered" x={x} y={HEIGHT - covered - uncovered} width={BAR} height={uncovered} />
          </g>
        );
      })}
    </svg>
  );
}
