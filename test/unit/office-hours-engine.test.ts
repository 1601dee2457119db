import { describe as suite, expect, it } from 'vitest';
import {
  describe,
  formatOffset,
  isOpen,
  nextChange,
  nextOpen,
  validateOfficeHours,
  type OfficeHours,
  type OfficeHoursInput,
} from '../../src/common/office-hours.js';

type Weekly = OfficeHoursInput['weekly'];
type Exceptions = OfficeHoursInput['exceptions'];

function schedule(timezone: string, weekly: Weekly, exceptions?: Exceptions): OfficeHours {
  const r = validateOfficeHours({ enabled: true, timezone, weekly, ...(exceptions ? { exceptions } : {}) });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.value;
}

const iv = (from: string, to: string) => ({ from, to });
const ms = (iso: string) => Date.parse(iso);

/** The next `n` changes after `fromIso`, formatted in the schedule's zone. */
function changes(s: OfficeHours, fromIso: string, n: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t: number | null = ms(fromIso);
  for (let i = 0; i < n && t !== null; i++) {
    t = nextChange(s, t);
    out.push(t === null ? null : formatOffset(t, s.timezone));
  }
  return out;
}

suite('SPEC 3 office hours: DST, a skipped wall time does not occur', () => {
  it('an interval spanning the spring-forward gap is an hour shorter (Prague, 2026-03-29)', () => {
    const s = schedule('Europe/Prague', { sun: [iv('01:00', '04:00')] });
    expect(changes(s, '2026-03-29T00:30:00+01:00', 2)).toEqual(['2026-03-29T01:00:00.000+01:00', '2026-03-29T04:00:00.000+02:00']);
    expect(isOpen(s, ms('2026-03-29T01:59:59+01:00'))).toBe(true);
    expect(isOpen(s, ms('2026-03-29T03:00:00+02:00'))).toBe(true);
    expect(ms('2026-03-29T04:00:00+02:00') - ms('2026-03-29T01:00:00+01:00')).toBe(2 * 3_600_000);
  });

  it('an interval entirely inside the gap contributes nothing', () => {
    const s = schedule('Europe/Prague', { sun: [iv('02:00', '03:00')] });
    expect(isOpen(s, ms('2026-03-29T01:59:00+01:00'))).toBe(false);
    expect(isOpen(s, ms('2026-03-29T03:00:00+02:00'))).toBe(false);
    expect(changes(s, '2026-03-28T12:00:00+01:00', 1)).toEqual(['2026-04-05T02:00:00.000+02:00']);
  });

  it('an interval starting in the gap opens at the transition, one ending in it closes there', () => {
    const starts = schedule('Europe/Prague', { sun: [iv('02:30', '05:00')] });
    expect(changes(starts, '2026-03-29T00:00:00+01:00', 2)).toEqual(['2026-03-29T03:00:00.000+02:00', '2026-03-29T05:00:00.000+02:00']);
    const ends = schedule('Europe/Prague', { sun: [iv('01:00', '02:30')] });
    expect(changes(ends, '2026-03-29T00:00:00+01:00', 2)).toEqual(['2026-03-29T01:00:00.000+01:00', '2026-03-29T03:00:00.000+02:00']);
  });

  it('the 30-minute Lord Howe gap (2026-10-04, 02:00 → 02:30)', () => {
    const s = schedule('Australia/Lord_Howe', { sun: [iv('02:10', '02:20'), iv('02:20', '03:00')] });
    expect(changes(s, '2026-10-04T00:00:00+10:30', 2)).toEqual(['2026-10-04T02:30:00.000+11:00', '2026-10-04T03:00:00.000+11:00']);
  });
});

suite('SPEC 3 office hours: DST, a repeated wall hour is inside an interval both times', () => {
  it('Prague 2026-10-25: 02:00–02:30 is open twice', () => {
    const s = schedule('Europe/Prague', { sun: [iv('02:00', '02:30')] });
    expect(changes(s, '2026-10-25T00:00:00+02:00', 4)).toEqual([
      '2026-10-25T02:00:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T02:00:00.000+01:00',
      '2026-10-25T02:30:00.000+01:00',
    ]);
  });

  it('an interval containing the repeated hour is an hour longer', () => {
    const s = schedule('Europe/Prague', { sun: [iv('01:00', '04:00')] });
    expect(changes(s, '2026-10-25T00:00:00+02:00', 2)).toEqual(['2026-10-25T01:00:00.000+02:00', '2026-10-25T04:00:00.000+01:00']);
  });

  it('an interval ending inside the repeated hour closes and reopens', () => {
    const s = schedule('Europe/Prague', { sun: [iv('01:00', '02:30')] });
    expect(changes(s, '2026-10-25T00:00:00+02:00', 4)).toEqual([
      '2026-10-25T01:00:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T02:00:00.000+01:00',
      '2026-10-25T02:30:00.000+01:00',
    ]);
  });

  it('New York 2026-11-01 and Lord Howe 2026-04-05 (30 minutes repeated)', () => {
    const ny = schedule('America/New_York', { sun: [iv('01:00', '01:30')] });
    expect(changes(ny, '2026-11-01T00:00:00-04:00', 4)).toEqual([
      '2026-11-01T01:00:00.000-04:00',
      '2026-11-01T01:30:00.000-04:00',
      '2026-11-01T01:00:00.000-05:00',
      '2026-11-01T01:30:00.000-05:00',
    ]);
    const lh = schedule('Australia/Lord_Howe', { sun: [iv('01:30', '01:45')] });
    expect(changes(lh, '2026-04-05T00:00:00+11:00', 4)).toEqual([
      '2026-04-05T01:30:00.000+11:00',
      '2026-04-05T01:45:00.000+11:00',
      '2026-04-05T01:30:00.000+10:30',
      '2026-04-05T01:45:00.000+10:30',
    ]);
  });
});

suite('SPEC 3 office hours: overnight intervals', () => {
  it('run across a DST night: 7 hours in March, 9 in October (Prague)', () => {
    const s = schedule('Europe/Prague', { sat: [iv('22:00', '06:00')] });
    const spring = changes(s, '2026-03-28T12:00:00+01:00', 2);
    expect(spring).toEqual(['2026-03-28T22:00:00.000+01:00', '2026-03-29T06:00:00.000+02:00']);
    expect(ms(spring[1]!) - ms(spring[0]!)).toBe(7 * 3_600_000);
    const fall = changes(s, '2026-10-24T12:00:00+02:00', 2);
    expect(fall).toEqual(['2026-10-24T22:00:00.000+02:00', '2026-10-25T06:00:00.000+01:00']);
    expect(ms(fall[1]!) - ms(fall[0]!)).toBe(9 * 3_600_000);
  });

  it('an exception replaces intervals that start on its date, not the spill from the day before', () => {
    const weekly = { fri: [iv('22:00', '02:00')] };
    // Friday 2026-12-25 closed: no 22:00 opening, and nothing after midnight either.
    const xmas = schedule('Europe/Prague', weekly, [{ date: '2026-12-25', intervals: [] }]);
    expect(isOpen(xmas, ms('2026-12-25T23:00:00+01:00'))).toBe(false);
    expect(isOpen(xmas, ms('2026-12-26T01:00:00+01:00'))).toBe(false);
    expect(changes(xmas, '2026-12-25T12:00:00+01:00', 1)).toEqual(['2027-01-01T22:00:00.000+01:00']);
    // Saturday 2026-12-19 closed: Friday's interval still runs into it.
    const sat = schedule('Europe/Prague', weekly, [{ date: '2026-12-19', intervals: [] }]);
    expect(isOpen(sat, ms('2026-12-19T01:00:00+01:00'))).toBe(true);
    expect(changes(sat, '2026-12-19T01:00:00+01:00', 1)).toEqual(['2026-12-19T02:00:00.000+01:00']);
    // An overnight exception on the day it starts.
    const late = schedule('Europe/Prague', weekly, [{ date: '2026-12-25', intervals: [iv('20:00', '01:00')] }]);
    expect(changes(late, '2026-12-25T12:00:00+01:00', 2)).toEqual(['2026-12-25T20:00:00.000+01:00', '2026-12-26T01:00:00.000+01:00']);
  });

  it('cross the year boundary', () => {
    const s = schedule('Europe/Prague', { thu: [iv('22:00', '02:00')] });
    expect(changes(s, '2026-12-31T12:00:00+01:00', 2)).toEqual(['2026-12-31T22:00:00.000+01:00', '2027-01-01T02:00:00.000+01:00']);
    const work = [iv('09:00', '17:00')];
    const holidays = schedule('Europe/Prague', { mon: work, tue: work, wed: work, thu: work, fri: work }, [
      { date: '2026-12-31', intervals: [] },
      { date: '2027-01-01', intervals: [] },
    ]);
    const at = nextOpen(holidays, ms('2026-12-30T18:00:00+01:00'));
    expect(at === null ? null : formatOffset(at, 'Europe/Prague')).toBe('2027-01-04T09:00:00.000+01:00');
  });
});

suite('SPEC 3 office hours: calendar edges', () => {
  it('a leap-day exception (Tuesday 2028-02-29)', () => {
    const work = [iv('09:00', '17:00')];
    const s = schedule('Europe/Prague', { tue: work, wed: work }, [{ date: '2028-02-29', intervals: [iv('10:00', '11:00')] }]);
    expect(isOpen(s, ms('2028-02-29T09:30:00+01:00'))).toBe(false);
    expect(changes(s, '2028-02-29T08:00:00+01:00', 3)).toEqual([
      '2028-02-29T10:00:00.000+01:00',
      '2028-02-29T11:00:00.000+01:00',
      '2028-03-01T09:00:00.000+01:00',
    ]);
  });

  it('24:00 closes at midnight and touches a 00:00 start without a flip', () => {
    const s = schedule('Europe/Prague', { mon: [iv('18:00', '24:00')], tue: [iv('00:00', '06:00')] });
    expect(isOpen(s, ms('2026-06-01T23:59:59.999+02:00'))).toBe(true);
    expect(isOpen(s, ms('2026-06-02T00:00:00+02:00'))).toBe(true);
    expect(changes(s, '2026-06-01T19:00:00+02:00', 1)).toEqual(['2026-06-02T06:00:00.000+02:00']);
    const alone = schedule('Europe/Prague', { mon: [iv('18:00', '24:00')] });
    expect(changes(alone, '2026-06-01T19:00:00+02:00', 1)).toEqual(['2026-06-02T00:00:00.000+02:00']);
    expect(isOpen(alone, ms('2026-06-02T00:00:00+02:00'))).toBe(false);
  });

  it('a disabled schedule, or none, is always open', () => {
    const s = { ...schedule('Europe/Prague', {}), enabled: false };
    for (const x of [s, null]) {
      expect(isOpen(x, ms('2026-06-01T03:00:00Z'))).toBe(true);
      expect(nextChange(x, ms('2026-06-01T03:00:00Z'))).toBeNull();
      expect(nextOpen(x, ms('2026-06-01T03:00:00Z'))).toBeNull();
      expect(describe(x, ms('2026-06-01T03:00:00Z'))).toBe('Always open');
    }
  });

  it('a schedule that never flips has no next change, across DST too', () => {
    const all = [iv('00:00', '24:00')];
    const s = schedule('Europe/Prague', { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all });
    for (const iso of ['2026-03-28T12:00:00Z', '2026-10-24T23:30:00Z', '2026-12-31T23:59:59Z']) {
      expect(isOpen(s, ms(iso))).toBe(true);
      expect(nextChange(s, ms(iso))).toBeNull();
    }
    const never = schedule('America/New_York', {});
    expect(isOpen(never, ms('2026-03-08T07:30:00Z'))).toBe(false);
    expect(nextChange(never, ms('2026-03-08T07:30:00Z'))).toBeNull();
    expect(describe(never, ms('2026-03-08T07:30:00Z'))).toBe('Closed');
  });

  it('searches up to a year ahead and no further', () => {
    const s = schedule('UTC', {}, [{ date: '2027-05-01', intervals: [iv('10:00', '11:00')] }]);
    expect(nextOpen(s, ms('2026-06-01T00:00:00Z'))).toBe(ms('2027-05-01T10:00:00Z'));
    expect(nextOpen(s, ms('2026-04-30T09:00:00Z'))).toBeNull();
  });

  it('nextOpen is null while open', () => {
    const s = schedule('Asia/Kathmandu', { wed: [iv('09:00', '17:00')] });
    expect(nextOpen(s, ms('2026-06-03T10:00:00+05:45'))).toBeNull();
    expect(formatOffset(nextOpen(s, ms('2026-06-03T18:00:00+05:45'))!, 'Asia/Kathmandu')).toBe('2026-06-10T09:00:00.000+05:45');
  });

  it('rejects a non-finite instant', () => {
    expect(() => isOpen(null, Number.NaN)).toThrow(RangeError);
  });
});
