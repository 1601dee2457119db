import { describe as suite, expect, it } from 'vitest';
import { officeHoursSchema, validateOfficeHours, type OfficeHoursInput } from '../../src/common/office-hours.js';

const workday = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:30' },
];

function base(): OfficeHoursInput {
  return {
    enabled: true,
    timezone: 'Europe/Prague',
    weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
    exceptions: [
      { date: '2026-12-24', intervals: [] },
      { date: '2026-12-31', intervals: [{ from: '09:00', to: '12:00' }] },
    ],
    messages: { offline: 'We are away. Leave a message and we will write back.' },
  };
}

/** Validates a modified copy of the base schedule and returns the reported paths. */
function rejectedPaths(change: (s: OfficeHoursInput & Record<string, unknown>) => void): string[] {
  const s = structuredClone(base()) as OfficeHoursInput & Record<string, unknown>;
  change(s);
  const r = validateOfficeHours(s);
  if (r.ok) return [];
  for (const issue of r.issues) expect(issue.message.startsWith(`${issue.path || 'office hours'}: `)).toBe(true);
  return r.issues.map((i) => i.path);
}

suite('SPEC 3 office hours: validation', () => {
  it('accepts the SPEC example, with or without messages and exceptions, and missing days as closed', () => {
    expect(validateOfficeHours(base()).ok).toBe(true);
    const minimal = validateOfficeHours({ enabled: false, timezone: 'UTC', weekly: { mon: workday } });
    expect(minimal.ok && minimal.value.weekly.sun).toEqual([]);
  });

  it('rejects an unknown time zone', () => {
    expect(rejectedPaths((s) => (s.timezone = 'Europe/Atlantis'))).toEqual(['timezone']);
    expect(rejectedPaths((s) => (s.timezone = ''))).toEqual(['timezone']);
  });

  it('accepts zones with 30- and 45-minute offsets', () => {
    for (const tz of ['Australia/Lord_Howe', 'Asia/Kathmandu', 'America/New_York', 'UTC']) {
      expect(rejectedPaths((s) => (s.timezone = tz))).toEqual([]);
    }
  });

  it('rejects times that are not strict two-digit HH:MM within 00:00–24:00', () => {
    for (const bad of ['25:00', '9:00', '09:60', '24:01', '0900', '09:00:00', ' 09:00', '']) {
      expect(rejectedPaths((s) => (s.weekly.mon = [workday[0]!, { from: '13:00', to: bad }]))).toEqual(['weekly.mon[1].to']);
    }
  });

  it('allows 24:00 only as "to"', () => {
    expect(rejectedPaths((s) => (s.weekly.sat = [{ from: '18:00', to: '24:00' }]))).toEqual([]);
    expect(rejectedPaths((s) => (s.weekly.sat = [{ from: '24:00', to: '02:00' }]))).toEqual(['weekly.sat[0].from']);
  });

  it('rejects from == to', () => {
    expect(rejectedPaths((s) => (s.weekly.tue = [{ from: '10:00', to: '10:00' }]))).toEqual(['weekly.tue[0].to']);
  });

  it('rejects overlapping intervals within a day, but not touching ones', () => {
    expect(rejectedPaths((s) => (s.weekly.wed = [{ from: '09:00', to: '12:00' }, { from: '11:59', to: '14:00' }]))).toEqual(['weekly.wed[1]']);
    expect(rejectedPaths((s) => (s.weekly.wed = [{ from: '12:00', to: '14:00' }, { from: '09:00', to: '12:00' }]))).toEqual([]);
    // An overnight interval overlapping a later one on its own start day.
    expect(rejectedPaths((s) => (s.weekly.sat = [{ from: '22:00', to: '02:00' }, { from: '23:00', to: '23:30' }]))).toEqual(['weekly.sat[1]']);
  });

  it("rejects an interval overlapping the previous day's overnight interval, including Sunday into Monday", () => {
    expect(rejectedPaths((s) => (s.weekly.sun = [{ from: '22:00', to: '09:30' }]))).toEqual(['weekly.mon[0]']);
    expect(rejectedPaths((s) => (s.weekly.sun = [{ from: '22:00', to: '09:00' }]))).toEqual([]);
  });

  it("checks exceptions against the neighbouring days' intervals", () => {
    // Thursday 2026-12-24 closed but an overnight exception the day before runs into it: fine.
    expect(rejectedPaths((s) => s.exceptions!.push({ date: '2026-12-23', intervals: [{ from: '20:00', to: '03:00' }] }))).toEqual([]);
    // Overnight exception on Wednesday 2026-12-30 runs into Thursday 2026-12-31's exception at 09:00.
    expect(rejectedPaths((s) => s.exceptions!.push({ date: '2026-12-30', intervals: [{ from: '20:00', to: '10:00' }] }))).toEqual(['exceptions[1].intervals[0]']);
    // Overnight exception on Monday 2026-12-07 runs into Tuesday's weekly 09:00.
    expect(rejectedPaths((s) => s.exceptions!.push({ date: '2026-12-07', intervals: [{ from: '20:00', to: '10:00' }] }))).toEqual(['exceptions[2].intervals[0]']);
    // Weekly overnight Sunday interval runs into an exception on Monday 2026-12-07.
    expect(
      rejectedPaths((s) => {
        s.weekly.sun = [{ from: '22:00', to: '02:00' }];
        s.exceptions!.push({ date: '2026-12-07', intervals: [{ from: '01:00', to: '05:00' }] });
      }),
    ).toEqual(['exceptions[2].intervals[0]']);
  });

  it('rejects more than 12 intervals a day', () => {
    const hours = (n: number) => Array.from({ length: n }, (_, i) => ({ from: `${String(i).padStart(2, '0')}:00`, to: `${String(i).padStart(2, '0')}:30` }));
    expect(rejectedPaths((s) => (s.weekly.sat = hours(12)))).toEqual([]);
    expect(rejectedPaths((s) => (s.weekly.sat = hours(13)))).toEqual(['weekly.sat']);
    expect(rejectedPaths((s) => (s.exceptions![0]!.intervals = hours(13)))).toEqual(['exceptions[0].intervals']);
  });

  it('rejects more than 400 exceptions', () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10), intervals: [] }));
    expect(rejectedPaths((s) => (s.exceptions = days(400)))).toEqual([]);
    expect(rejectedPaths((s) => (s.exceptions = days(401)))).toEqual(['exceptions']);
  });

  it('rejects malformed and impossible dates, and accepts leap days only in leap years', () => {
    for (const bad of ['2026-02-30', '2027-02-29', '2100-02-29', '2026-13-01', '2026-1-05', '26-01-05', '2026-01-05T00:00', '']) {
      expect(rejectedPaths((s) => (s.exceptions![1]!.date = bad))).toEqual(['exceptions[1].date']);
    }
    expect(rejectedPaths((s) => (s.exceptions![1]!.date = '2028-02-29'))).toEqual([]);
    expect(rejectedPaths((s) => (s.exceptions![1]!.date = '2000-02-29'))).toEqual([]);
  });

  it('rejects duplicate exception dates', () => {
    expect(rejectedPaths((s) => s.exceptions!.push({ date: '2026-12-24', intervals: [] }))).toEqual(['exceptions[2].date']);
  });

  it('rejects an offline message over 500 characters', () => {
    expect(rejectedPaths((s) => (s.messages = { offline: 'x'.repeat(500) }))).toEqual([]);
    expect(rejectedPaths((s) => (s.messages = { offline: 'x'.repeat(501) }))).toEqual(['messages.offline']);
  });

  it('rejects unknown fields at every level, naming the field', () => {
    expect(rejectedPaths((s) => (s.extra = 1))).toEqual(['extra']);
    expect(rejectedPaths((s) => ((s.weekly as Record<string, unknown>).mom = []))).toEqual(['weekly.mom']);
    expect(rejectedPaths((s) => (s.weekly.mon = [{ from: '09:00', to: '11:00', until: '12:00' } as { from: string; to: string }]))).toEqual(['weekly.mon[0].until']);
    expect(rejectedPaths((s) => ((s.messages as Record<string, unknown>).online = 'hi'))).toEqual(['messages.online']);
  });

  it('rejects wrong types and a non-object', () => {
    expect(rejectedPaths((s) => ((s as Record<string, unknown>).enabled = 'yes'))).toEqual(['enabled']);
    expect(rejectedPaths((s) => ((s.weekly as Record<string, unknown>).fri = 'all day'))).toEqual(['weekly.fri']);
    const r = validateOfficeHours('always');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]!.path).toBe('');
  });

  it('keeps zod paths as arrays on the schema itself', () => {
    const s = structuredClone(base());
    s.weekly.mon = [workday[0]!, { from: '13:00', to: '25:00' }];
    const r = officeHoursSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['weekly', 'mon', 1, 'to']);
  });
});
