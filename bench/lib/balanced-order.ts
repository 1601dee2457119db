// The order of the runs at one N, shared by bench/fanout.ts, bench/fanout-history.ts and
// bench/devices.ts. The first run at a new N was seen to pay for the client processes growing
// (its p99 up to 3× the next run's), and the load of shared cores drifts during a run; so each N
// starts with an unreported warm-up run, then the sides run mirrored: around a middle one
// (X, Y, middle, Y, X: fanout-history) or with none (X, Y, Z, Z, Y, X: fan-out and devices, each
// server twice), rotated at every N: every side has one early and one late run, and all have the
// same mean position. A side's figure is the mean of its runs.
import type { Percentiles } from './common.js';

/**
 * `outer` (rotated by `index`, i.e. X and Y swapped at odd N), then `middle`, then `outer`
 * backwards. Without a middle: X, Y, Y, X.
 */
export function mirroredOrder<T>(outer: readonly T[], middle: T | null, index: number): T[] {
  const k = outer.length === 0 ? 0 : index % outer.length;
  const first = [...outer.slice(k), ...outer.slice(0, k)];
  return [...first, ...(middle === null ? [] : [middle]), ...[...first].reverse()];
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** The mean of each field over runs of one side (percentiles of each run, then their mean). */
export function meanOf(values: readonly number[]): number {
  return round2(values.reduce((sum, v) => sum + v, 0) / values.length);
}

export function meanPercentiles(list: readonly Percentiles[]): Percentiles {
  const pick = (key: keyof Percentiles): number => meanOf(list.map((p) => p[key]));
  return { n: list[0]?.n ?? 0, min: pick('min'), p50: pick('p50'), p95: pick('p95'), p99: pick('p99'), max: pick('max'), mean: pick('mean') };
}
