// The named cases of issue 16, each with its numbers worked out by hand, and the agents report
// and CSV on small timelines.
import { describe, expect, it } from 'vitest';
import { validateOfficeHours, type OfficeHours } from '../../src/common/office-hours.js';
import { agentsReport } from '../../src/common/report-agents.js';
import { coverageReport } from '../../src/common/report-coverage.js';
import { agentsCsv, coverageCsv } from '../../src/common/report-csv.js';
import { localDays } from '../../src/common/report-intervals.js';

const ZONE = 'Europe/Prague';
const allDay = (zone = ZONE): OfficeHours => {
  const r = validateOfficeHours({ enabled: true, timezone: zone, weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]])) });
  if (!r.ok) throw new Error('bad schedule');
  return r.value;
};
const disabled = (): OfficeHours => ({ ...allDay(), enabled: false });
const at = (iso: string): number => Date.parse(iso);

function coverage(from: string, to: string, hours: OfficeHours | null, changes: { at: number; online: boolean }[], initialOnline = false, now = Infinity) {
  return coverageReport({ zone: ZONE, days: localDays(from, to, ZONE)!, schedules: [{ from: 0, hours }], initialOnline, changes, now });
}

describe('SPEC 9 coverage: the named cases', () => {
  it('open all day, nobody online: the whole day is one gap', () => {
    const r = coverage('2026-06-15', '2026-06-15', allDay(), []);
    expect(r.days[0]).toEqual({ date: '2026-06-15', openSeconds: 86_400, coveredSeconds: 0, uncoveredSeconds: 86_400, gaps: [{ from: '2026-06-15T00:00:00+02:00', to: '2026-06-16T00:00:00+02:00' }] });
    expect(r.totals.coverage).toBe(0);
  });

  it('online across midnight: the interval is split at local midnight', () => {
    const r = coverage('2026-06-15', '2026-06-16', null, [{ at: at('2026-06-15T22:00:00+02:00'), online: true }, { at: at('2026-06-16T02:30:00+02:00'), online: false }]);
    expect(r.days.map((d) => d.coveredSeconds)).toEqual([2 * 3600, 2.5 * 3600]);
    expect(r.days[1]!.gaps[0]).toEqual({ from: '2026-06-16T02:30:00+02:00', to: '2026-06-17T00:00:00+02:00' });
  });

  it('office hours disabled: the whole day is open, and a DST day has 23 or 25 hours', () => {
    const r = coverage('2026-03-29', '2026-03-29', disabled(), [], true);
    expect(r.days[0]).toMatchObject({ openSeconds: 23 * 3600, coveredSeconds: 23 * 3600, gaps: [] });
    const autumn = coverage('2026-10-25', '2026-10-25', null, [], true);
    expect(autumn.days[0]!.openSeconds).toBe(25 * 3600);
    expect(autumn.totals.coverage).toBe(1);
  });

  it('nothing open: coverage is null; future days and the rest of today count nothing', () => {
    const closed = validateOfficeHours({ enabled: true, timezone: ZONE, weekly: {} });
    if (!closed.ok) throw new Error('bad schedule');
    expect(coverage('2026-06-15', '2026-06-16', closed.value, [], true).totals).toEqual({ openSeconds: 0, coveredSeconds: 0, uncoveredSeconds: 0, coverage: null });
    const now = at('2026-06-15T10:00:00+02:00');
    const today = coverage('2026-06-15', '2026-06-17', null, [{ at: at('2026-06-15T09:00:00+02:00'), online: true }], false, now);
    expect(today.days.map((d) => [d.openSeconds, d.coveredSeconds])).toEqual([[10 * 3600, 3600], [0, 0], [0, 0]]);
  });

  it('CSV: a header row, a row per day, a total row; gaps as from/to in one cell', () => {
    const csv = coverageCsv(coverage('2026-06-15', '2026-06-15', allDay(), [{ at: at('2026-06-15T12:00:00+02:00'), online: true }]));
    expect(csv.split('\r\n')).toEqual([
      'date,openSeconds,coveredSeconds,uncoveredSeconds,coverage,gaps',
      '2026-06-15,86400,43200,43200,0.5,2026-06-15T00:00:00+02:00/2026-06-15T12:00:00+02:00',
      'total,86400,43200,43200,0.5,',
      '',
    ]);
  });
});

describe('SPEC 9 agents report', () => {
  const days = localDays('2026-06-15', '2026-06-16', ZONE)!;
  const report = agentsReport({
    zone: ZONE, days, now: Infinity,
    agents: [{
      agentId: 'a1', name: '=Jana, "J"', initial: 'offline',
      changes: [
        { at: at('2026-06-15T09:00:00+02:00'), status: 'online' },
        { at: at('2026-06-15T12:00:00+02:00'), status: 'away' },
        { at: at('2026-06-15T13:00:00+02:00'), status: 'online' },
        { at: at('2026-06-16T01:00:00+02:00'), status: 'offline' },
      ],
    }],
  });

  it('seconds per status add up to the day, first and last online per day', () => {
    const [d1, d2] = report.agents[0]!.days;
    expect(d1).toEqual({ date: '2026-06-15', onlineSeconds: 14 * 3600, awaySeconds: 3600, offlineSeconds: 9 * 3600, firstOnline: '2026-06-15T09:00:00+02:00', lastOnline: '2026-06-16T00:00:00+02:00' });
    expect(d2).toEqual({ date: '2026-06-16', onlineSeconds: 3600, awaySeconds: 0, offlineSeconds: 23 * 3600, firstOnline: '2026-06-16T00:00:00+02:00', lastOnline: '2026-06-16T01:00:00+02:00' });
    expect(d1!.onlineSeconds + d1!.awaySeconds + d1!.offlineSeconds).toBe((days[0]!.end - days[0]!.start) / 1000);
  });

  it('CSV quotes commas and quotes and defuses a leading = (spreadsheet formulas)', () => {
    const lines = agentsCsv(report).split('\r\n');
    expect(lines[0]).toBe('agentId,name,date,onlineSeconds,awaySeconds,offlineSeconds,firstOnline,lastOnline');
    expect(lines[1]).toBe(`a1,"'=Jana, ""J""",2026-06-15,50400,3600,32400,2026-06-15T09:00:00+02:00,2026-06-16T00:00:00+02:00`);
  });
});
