// An agent's effective status over a day or a week as one timeline bar, coloured as the status
// pills, in plain SVG (a handful of rectangles). The summary labels it for screen readers; the
// list of changes beside it (ActivityScreen) is the table view.
import type { Status } from '../../../src/common/protocol.js';

export interface Segment { from: number; to: number; status: Status }

const WIDTH = 720;
const HEIGHT = 36;

export function ActivityChart({ segments, from, to, summary }: { segments: Segment[]; from: number; to: number; summary: string }) {
  const x = (ms: number): number => ((ms - from) / (to - from)) * WIDTH;
  return (
    <svg className="activity-chart" role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} data-testid="activity-chart">
      <rect className="timeline-empty" x={0} y={0} width={WIDTH} height={HEIGHT} />
      {segments.map((s) => <rect key={s.from} className={`timeline-${s.status}`} data-status={s.status} x={x(s.from)} y={0} width={Math.max(0.5, x(s.to) - x(s.from))} height={HEIGHT} />)}
    </svg>
  );
}

/** The statuses in force over [from, min(to, now)): from the one at `from` and the changes after it. */
export function segmentsOf(initial: Status, events: readonly { at: string; status: Status }[], from: number, to: number, now: number): Segment[] {
  const end = Math.min(to, now);
  const out: Segment[] = [];
  let status = initial;
  let since = from;
  for (const e of events) {
    const at = Math.min(Math.max(Date.parse(e.at), from), end);
    if (e.status === status) continue;
    if (at > since) out.push({ from: since, to: at, status });
    status = e.status;
    since = at;
  }
  if (end > since) out.push({ from: since, to: end, status });
  return out;
}
