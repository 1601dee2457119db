// UTC-offset lookups for IANA zones, fast enough for tens of thousands of evaluations a second.
// Asking Intl (through luxon) costs microseconds per call, so each zone's transitions are found
// once per UTC year and kept in a small table; lookups are then plain arithmetic.
// Assumption (true for every tzdb zone in modern times): offsets change at most once in 24 hours.
import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const MAX_TABLES = 4096;

interface YearTable {
  start: number;
  end: number;
  /** Offset in ms at `start`. */
  first: number;
  /** Transition instants inside (start, end), ascending, and the offset (ms) from each on. */
  at: number[];
  offsets: number[];
}

const tables = new Map<string, Map<number, YearTable>>();
let tableCount = 0;

function zoneOffsetMs(zone: IANAZone, ms: number): number {
  return Math.round(zone.offset(ms) * 60_000);
}

function buildYear(name: string, year: number): YearTable {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const first = zoneOffsetMs(zone, start);
  const at: number[] = [];
  const offsets: number[] = [];
  let prev = first;
  for (let lo = start; lo < end; lo += DAY_MS) {
    const hi = Math.min(lo + DAY_MS, end);
    const next = zoneOffsetMs(zone, hi);
    if (next === prev) continue;
    // Binary search (1 s resolution: tzdb transitions fall on whole seconds) for the first
    // second in (lo, hi] whose offset differs.
    let a = Math.floor(lo / 1000);
    let b = Math.ceil(hi / 1000);
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (zoneOffsetMs(zone, mid * 1000) === prev) a = mid;
      else b = mid;
    }
    const t = b * 1000;
    if (t < end) {
      at.push(t);
      offsets.push(zoneOffsetMs(zone, t));
    }
    prev = next;
  }
  return { start, end, first, at, offsets };
}

function yearTable(name: string, year: number): YearTable {
  let byYear = tables.get(name);
  if (!byYear) {
    byYear = new Map();
    tables.set(name, byYear);
  }
  let table = byYear.get(year);
  if (!table) {
    if (tableCount >= MAX_TABLES) {
      tables.clear();
      tableCount = 0;
      byYear = new Map();
      tables.set(name, byYear);
    }
    table = buildYear(name, year);
    byYear.set(year, table);
    tableCount++;
  }
  return table;
}

function utcYear(ms: number): number {
  // Cheap estimate, corrected at the edges, instead of allocating a Date.
  let y = 1970 + Math.floor(ms / 31_556_952_000);
  while (Date.UTC(y, 0, 1) > ms) y--;
  while (Date.UTC(y + 1, 0, 1) <= ms) y++;
  return y;
}

function offsetIn(table: YearTable, ms: number): number {
  let off = table.first;
  for (let i = 0; i < table.at.length && (table.at[i] as number) <= ms; i++) off = table.offsets[i] as number;
  return off;
}

/** UTC offset of `zone` at instant `ms`, in milliseconds (wall = ms + offset). */
export function offsetAt(zone: string, ms: number): number {
  return offsetIn(yearTable(zone, utcYear(ms)), ms);
}

/** The first instant > ms at which the offset of `zone` changes, or null if none up to `limit`. */
export function nextTransition(zone: string, ms: number, limit: number): number | null {
  let year = utcYear(ms);
  let table = yearTable(zone, year);
  for (;;) {
    for (const t of table.at) {
      if (t > ms) return t <= limit ? t : null;
    }
    if (table.end > limit) return null;
    const last = table.offsets.length > 0 ? (table.offsets[table.offsets.length - 1] as number) : table.first;
    year++;
    table = yearTable(zone, year);
    if (table.first !== last && table.start > ms) return table.start;
  }
}
