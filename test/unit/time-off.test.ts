// SPEC 11 time off, the pure rules (src/common/time-off.ts): which changes a leave refuses, the
// leave in force on a date (touching and overlapping periods are one leave), local dates by zone,
// and period validation.
import { describe, expect, it } from 'vitest';
import { leaveUntil, leaveZone, localDate, refusedOnLeave, timeOffSchema } from '../../src/common/time-off.js';

describe('SPEC 11 time off: nothing automatic puts an agent on leave online', () => {
  it('refuses automatic reasons to online only; manual, admin and api choices go through; stepping down is never refused', () => {
    for (const reason of ['schedule', 'lock', 'idle', 'suspend', 'shutdown', 'timer', 'quit', 'logout'] as const) expect(refusedOnLeave('online', reason), reason).toBe(true);
    for (const reason of ['manual', 'admin', 'api'] as const) expect(refusedOnLeave('online', reason), reason).toBe(false);
    expect(refusedOnLeave('away', 'lock')).toBe(false);
    expect(refusedOnLeave('offline', 'schedule')).toBe(false);
  });

  it('the leave in force on a date ends on the last day of the periods that touch or overlap it', () => {
    const periods = [{ from: '2026-12-28', to: '2027-01-03' }, { from: '2026-12-21', to: '2026-12-27' }, { from: '2027-01-02', to: '2027-01-05' }, { from: '2027-02-01', to: '2027-02-01' }];
    expect(leaveUntil(periods, '2026-12-20')).toBeNull();
    expect(leaveUntil(periods, '2026-12-21')).toBe('2027-01-05');
    expect(leaveUntil(periods, '2027-01-05')).toBe('2027-01-05');
    expect(leaveUntil(periods, '2027-01-06')).toBeNull();
    expect(leaveUntil(periods, '2027-02-01')).toBe('2027-02-01');
    expect(leaveUntil([], '2027-02-01')).toBeNull();
  });

  it('dates are local to the account zone (office hours zone, else UTC)', () => {
    const at = Date.parse('2026-11-25T23:30:00Z');
    expect(localDate('UTC', at)).toBe('2026-11-25');
    expect(localDate('Europe/Prague', at)).toBe('2026-11-26');
    expect(localDate('America/Los_Angeles', at)).toBe('2026-11-25');
    expect(leaveZone(null)).toBe('UTC');
    expect(leaveZone({ timezone: 'Europe/Prague' })).toBe('Europe/Prague');
  });

  it('periods must be real dates with to on or after from, no unknown fields, at most 100', () => {
    expect(timeOffSchema.safeParse({ periods: [{ from: '2026-12-24', to: '2026-12-24', note: 'Eve' }] }).success).toBe(true);
    expect(timeOffSchema.safeParse({ periods: [{ from: '2026-12-25', to: '2026-12-24' }] }).success).toBe(false);
    expect(timeOffSchema.safeParse({ periods: [{ from: '2026-13-01', to: '2026-13-02' }] }).success).toBe(false);
    expect(timeOffSchema.safeParse({ periods: [{ from: '2026-12-01', to: '2026-12-02', why: 'x' }] }).success).toBe(false);
    const many = Array.from({ length: 101 }, () => ({ from: '2026-12-01', to: '2026-12-02' }));
    expect(timeOffSchema.safeParse({ periods: many }).success).toBe(false);
  });
});
