// One place for each timing (STYLE): the table in docs/architecture.md says what
// src/common/timings.ts says, and names every timing there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as timings from '../../src/common/timings.js';

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} days`;
  if (ms >= 600_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1_000 ? `${ms / 1_000} s` : `${ms} ms`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return duration(value);
  const v = value as Record<string, number>;
  if ('max' in v) return `${v.max} per ${duration(v.windowMs!)}`;
  if ('globalFailures' in v) return `${v.failures} failures from one address, then ${duration(v.lockMs!)} for it; ${v.globalFailures} from all in ${duration(v.globalWindowMs!)}, then everywhere`;
  if ('failures' in v) return `${v.failures} failures, then ${duration(v.lockMs!)}`;
  if ('baseMs' in v) return `${duration(v.baseMs!)} base, ${duration(v.capMs!)} cap`;
  throw new Error(`no description for ${JSON.stringify(value)}`);
}

function lookup(path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown>)?.[key], timings);
}

const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('## Timing rules in one place'), doc.indexOf('## Decisions'));
const rows = table.split('\n').filter((l) => l.startsWith('| ') && l.includes('`')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

describe('STYLE: one place for each timing (docs/architecture.md table = src/common/timings.ts)', () => {
  it('every row that names a constant gives its value', () => {
    const checked = rows.filter(([, constant]) => /^`[A-Z_]+(\.\w+)?`/.test(constant!));
    expect(checked.length).toBeGreaterThan(15);
    for (const [what, constant, value] of checked) {
      const names = [...constant!.matchAll(/`([A-Z_]+(?:\.\w+)?)`/g)].map((m) => m[1]!);
      expect(names.map((n) => describeValue(lookup(n))).join(', '), what).toBe(value);
    }
  });

  it('every timing of the module is in the table', () => {
    const named = new Set(rows.flatMap(([, constant]) => [...constant!.matchAll(/`([A-Z_]+(?:\.\w+)?)`/g)].map((m) => m[1]!)));
    const all = [...Object.keys(timings.TIMINGS).map((k) => `TIMINGS.${k}`), ...Object.keys(timings.RATE_LIMITS).map((k) => `RATE_LIMITS.${k}`), 'LOGIN_LOCK', 'BACKOFF'];
    expect(all.filter((n) => !named.has(n))).toEqual([]);
  });
});
