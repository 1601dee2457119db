// Cross-interval rules of SPEC 3 that a per-field schema cannot express: no two intervals of one
// local day may overlap, counting the previous day's overnight interval that spills into it, and
// every exception date appears once. Touching intervals (12:00–13:00, 13:00–14:00) are fine.
import { DAYS, intervalEnd, parseDate, parseHHMM, weekdayOf } from './office-hours-time.js';

interface RawInterval {
  from: string;
  to: string;
}
interface RawSchedule {
  weekly: Record<(typeof DAYS)[number], RawInterval[]>;
  exceptions?: { date: string; intervals: RawInterval[] }[] | undefined;
}
export interface OverlapIssue {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];

function label(path: Path, iv: RawInterval): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return `${out} (${iv.from}–${iv.to})`;
}

/** Overlaps among one day's intervals and the overnight spill from the day before. */
function checkDay(path: Path, day: RawInterval[], prevPath: Path, prev: RawInterval[], out: OverlapIssue[]): void {
  const spans = day
    .map((iv, i) => ({ i, iv, from: parseHHMM(iv.from), end: intervalEnd(parseHHMM(iv.from), parseHHMM(iv.to)) }))
    .sort((a, b) => a.from - b.from);
  for (let k = 1; k < spans.length; k++) {
    const cur = spans[k]!;
    for (let j = 0; j < k; j++) {
      const earlier = spans[j]!;
      if (cur.from < earlier.end) {
        out.push({ path: [...path, cur.i], message: `overlaps ${label([...path, earlier.i], earlier.iv)}` });
        break;
      }
    }
  }
  for (const [pi, di] of spillOverlaps(prev, day)) {
    out.push({ path: [...path, di], message: `overlaps the overnight interval ${label([...prevPath, pi], prev[pi]!)} that runs into this day` });
  }
}

/** Pairs [index in prev, index in day] where an overnight interval of prev runs into one of day. */
function spillOverlaps(prev: RawInterval[], day: RawInterval[]): [number, number][] {
  const pairs: [number, number][] = [];
  prev.forEach((p, pi) => {
    const to = parseHHMM(p.to);
    if (to >= parseHHMM(p.from)) return;
    day.forEach((iv, di) => {
      if (parseHHMM(iv.from) < to) pairs.push([pi, di]);
    });
  });
  return pairs;
}

export function findOverlaps(schedule: RawSchedule): OverlapIssue[] {
  const out: OverlapIssue[] = [];
  DAYS.forEach((day, i) => {
    const prev = DAYS[(i + 6) % 7]!;
    checkDay(['weekly', day], schedule.weekly[day], ['weekly', prev], schedule.weekly[prev], out);
  });
  const exceptions = schedule.exceptions ?? [];
  const byDay = new Map<number, number>();
  exceptions.forEach((ex, i) => {
    const day = parseDate(ex.date);
    if (day === null) return;
    const first = byDay.get(day);
    if (first !== undefined) out.push({ path: ['exceptions', i, 'date'], message: `duplicate date ${ex.date}, already given in exceptions[${first}]` });
    else byDay.set(day, i);
  });
  for (const [day, i] of byDay) {
    const ex = exceptions[i]!;
    const prevEx = byDay.get(day - 1);
    const prevName = DAYS[weekdayOf(day - 1)]!;
    const [prevPath, prev]: [Path, RawInterval[]] = prevEx !== undefined
      ? [['exceptions', prevEx, 'intervals'], exceptions[prevEx]!.intervals]
      : [['weekly', prevName], schedule.weekly[prevName]];
    checkDay(['exceptions', i, 'intervals'], ex.intervals, prevPath, prev, out);
    // The following date keeps its weekly intervals unless it is an exception itself (checked above).
    if (!byDay.has(day + 1)) {
      const nextName = DAYS[weekdayOf(day + 1)]!;
      const next = schedule.weekly[nextName];
      for (const [pi, di] of spillOverlaps(ex.intervals, next)) {
        out.push({
          path: ['exceptions', i, 'intervals', pi],
          message: `runs past midnight into the next day and overlaps ${label(['weekly', nextName, di], next[di]!)}`,
        });
      }
    }
  }
  return out;
}
