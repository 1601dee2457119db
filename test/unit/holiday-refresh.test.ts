// Issue 18: the daily holiday refresh (src/server/office-hours/holiday-refresh.ts) on an injected
// clock with an in-memory store: it rewrites only schedules whose resolved dates differ (the year
// turned), tells the hub once per account, and re-arms itself every TIMINGS.holidayRefreshMs.
import { describe, expect, it } from 'vitest';
import type { OfficeHours } from '../../src/common/office-hours.js';
import { TIMINGS } from '../../src/common/timings.js';
import { resolveHolidays } from '../../src/server/office-hours/holidays.js';
import { HolidayRefresh } from '../../src/server/office-hours/holiday-refresh.js';
import type { PresenceHub } from '../../src/server/presence/hub.js';
import type { Store } from '../../src/server/store/store.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';

const base: OfficeHours = { enabled: true, timezone: 'Europe/Prague', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: { country: 'CZ' } };

describe('Issue 18: public holidays are resolved again on a timer', () => {
  it('rewrites a schedule when the year turns, leaves current ones and schedules without holidays alone', async () => {
    const clock = new ManualClock(Date.parse('2026-12-31T12:00:00Z'));
    const account = { id: 'acc', officeHours: resolveHolidays(base, clock.now()) };
    const plain = { id: 'plain', officeHours: { ...base, holidays: undefined } as OfficeHours };
    const group = { id: 'grp', accountId: 'acc', officeHours: resolveHolidays({ ...base, holidays: { country: 'DE', region: 'BY' } }, clock.now()) };
    const writes: string[] = [];
    const changed: string[] = [];
    const store = {
      listAccounts: async () => [account, plain],
      listAllGroups: async () => [group],
      updateAccount: async (id: string, patch: { officeHours: OfficeHours }) => { writes.push(id); if (id === 'acc') account.officeHours = patch.officeHours; },
      updateGroup: async (id: string, patch: { officeHours: OfficeHours }) => { writes.push(id); group.officeHours = patch.officeHours; },
    } as unknown as Store;
    const hub = { configChanged: async (id: string) => { changed.push(id); } } as unknown as PresenceHub;
    const refresh = new HolidayRefresh({ store, hub, clock });
    await refresh.start();
    expect(writes).toEqual([]);

    clock.advance(TIMINGS.holidayRefreshMs);
    for (let i = 0; i < 20 && writes.length < 2; i++) await settle();
    expect(writes).toEqual(['acc', 'grp']);
    expect(changed).toEqual(['acc']);
    expect(account.officeHours.holidays?.resolved).toMatchObject({ from: '2026-01-01', to: '2029-12-31' });
    expect(group.officeHours.holidays?.resolved?.days.some((d) => d.date === '2029-01-06')).toBe(true);

    clock.advance(TIMINGS.holidayRefreshMs);
    for (let i = 0; i < 5; i++) await settle();
    expect(writes).toEqual(['acc', 'grp']);
    refresh.stop();
    expect(clock.pending()).toBe(0);
  });
});
