// Issue 18 / SPEC 11, public holidays in office hours: a real server on loopback with a real SQLite
// file and an injected clock. The calendar for a year matches the holiday library's own list (CZ,
// DE-BY, US, AU-NSW; public holidays only), an exception overrides a holiday, the widget is offline
// all day on a holiday with nextOpenAt the next working day's opening, the dates are re-resolved on
// the refresh timer when the year turns, and bad countries, regions and ranges are refused.
import Holidays from 'date-holidays';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

const day = [{ from: '09:00', to: '17:00' }];
const weekdays = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] };
const hours = (timezone: string, holidays: object, extra: object = {}) => ({ enabled: true, timezone, weekly: weekdays, holidays, ...extra });

/** The library's own list of public holidays in a year, date → names. */
function libraryList(country: string, region: string | undefined, year: number): Map<string, string[]> {
  const hd = region ? new Holidays(country, region) : new Holidays(country);
  const out = new Map<string, string[]>();
  for (const h of hd.getHolidays(year) || []) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    out.set(date, [...(out.get(date) ?? []), h.name]);
  }
  return out;
}

describe('SPEC 11 public holidays', () => {
  let s: TestServer;
  let clock: ManualClock;
  afterEach(async () => { await s?.close(); });

  it.each([
    ['CZ', undefined, 'Europe/Prague'],
    ['DE', 'BY', 'Europe/Berlin'],
    ['US', undefined, 'America/New_York'],
    ['AU', 'NSW', 'Australia/Sydney'],
  ])('%s %s: the calendar of 2027 closes exactly the library\'s public holidays, all day', async (country, region, zone) => {
    clock = new ManualClock();
    s = await startTestServer({ clock });
    const put = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours(zone, { country, ...(region ? { region } : {}) }) });
    expect(put.status).toBe(200);
    expect(put.body.holidays).toMatchObject({ country, resolved: { from: '2025-01-01', to: '2028-12-31' } });
    const res = await s.api('GET', '/api/v1/office-hours/calendar?from=2027-01-01&to=2027-12-31', { token: s.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe(zone);
    expect(res.body.days).toHaveLength(365);
    const expected = libraryList(country, region, 2027);
    expect(expected.size).toBeGreaterThan(6);
    const holidays = res.body.days.filter((d: { source: string }) => d.source === 'holiday');
    expect(holidays.map((d: { date: string }) => d.date)).toEqual([...expected.keys()].sort());
    for (const d of holidays) {
      expect(d.intervals).toEqual([]);
      expect(d.holiday).toBe(expected.get(d.date)!.join(', '));
    }
    // Every other date follows the weekly plan.
    for (const d of res.body.days.filter((x: { source: string }) => x.source !== 'holiday')) {
      const weekday = new Date(`${d.date}T12:00:00Z`).getUTCDay();
      expect(d).toMatchObject({ source: 'weekly', intervals: weekday === 0 || weekday === 6 ? [] : day });
    }
  });

  it('an exception for a holiday\'s date overrides it; the region matters (Epiphany in Bavaria, not in Berlin)', async () => {
    clock = new ManualClock();
    s = await startTestServer({ clock });
    const exceptions = [{ date: '2026-12-24', intervals: [{ from: '09:00', to: '12:00' }] }];
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', { country: 'CZ' }, { exceptions }) });
    const cal = await s.api('GET', '/api/v1/office-hours/calendar?from=2026-12-24&to=2026-12-25', { token: s.admin.token });
    expect(cal.body.days).toEqual([
      { date: '2026-12-24', intervals: exceptions[0]!.intervals, source: 'exception', holiday: 'Štědrý den' },
      { date: '2026-12-25', intervals: [], source: 'holiday', holiday: '1. svátek vánoční' },
    ]);
    const group = await s.createGroup('Munich');
    await s.api('PUT', `/api/v1/groups/${group.id}/office-hours`, { token: s.admin.token, body: hours('Europe/Berlin', { country: 'DE', region: 'BY' }) });
    const munich = await s.api('GET', `/api/v1/office-hours/calendar?from=2027-01-06&to=2027-01-06&group=${group.id}`, { token: s.admin.token });
    expect(munich.body).toEqual({ timezone: 'Europe/Berlin', days: [{ date: '2027-01-06', intervals: [], source: 'holiday', holiday: 'Heilige Drei Könige' }] });
    await s.api('PUT', `/api/v1/groups/${group.id}/office-hours`, { token: s.admin.token, body: hours('Europe/Berlin', { country: 'DE' }) });
    const berlin = await s.api('GET', `/api/v1/office-hours/calendar?from=2027-01-06&to=2027-01-06&group=${group.id}`, { token: s.admin.token });
    expect(berlin.body.days[0]).toMatchObject({ source: 'weekly', intervals: day });
  });

  it('the widget is offline all day on a holiday, nextOpenAt the next working day\'s opening', async () => {
    // Thursday 24 December 2026, 08:00 in Prague: 24, 25 and 26 are Czech public holidays, the 27th a Sunday.
    clock = new ManualClock(Date.parse('2026-12-24T07:00:00Z'));
    s = await startTestServer({ clock });
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', { country: 'CZ' }) });
    const agent = await connectAgent(s.wsUrl, s.admin.token);
    await agent.setStatus('online');
    const w = await widgetSocket(s);
    const closed = { online: false, reason: 'outside_office_hours', nextOpenAt: '2026-12-28T09:00:00.000+01:00' };
    expect(await w.next()).toMatchObject(closed);
    // Through the working day (09:00–17:00 on a Thursday), in steps: the webhook pollers re-arm
    // every second on the injected clock, so long jumps are kept short.
    for (const hour of [9, 12, 17]) {
      clock.set(Date.parse(`2026-12-24T${String(hour - 1).padStart(2, '0')}:00:00Z`));
      await settle();
      expect((await s.api('GET', `/api/v1/widget/${s.siteKey}/status`)).body, `${hour}:00`).toMatchObject(closed);
    }
    expect(w.messages.some((m) => m.online)).toBe(false);
    w.close();
    await agent.bye();
    // And at that nextOpenAt it opens: a server on Monday the 28th a minute before 09:00.
    await s.close();
    clock = new ManualClock(Date.parse('2026-12-28T07:59:00Z'));
    s = await startTestServer({ clock });
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', { country: 'CZ' }) });
    const back = await connectAgent(s.wsUrl, s.admin.token);
    await back.setStatus('online');
    const w2 = await widgetSocket(s);
    expect(await w2.next()).toMatchObject({ online: false, nextOpenAt: '2026-12-28T09:00:00.000+01:00' });
    clock.advance(60_000);
    expect(await w2.next((m) => m.online)).toMatchObject({ online: true, reason: 'agents_online' });
    w2.close();
    await back.bye();
  });

  it('the dates are resolved again when the year turns (at boot here; the daily timer: unit test), reaching two years ahead', async () => {
    clock = new ManualClock(Date.parse('2026-12-31T12:00:00Z'));
    s = await startTestServer({ clock });
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', { country: 'CZ' }) });
    const before = (await s.api('GET', '/api/v1/office-hours', { token: s.admin.token })).body.holidays.resolved;
    expect(before).toMatchObject({ from: '2025-01-01', to: '2028-12-31' });
    await s.close();
    clock.set(Date.parse('2027-01-01T12:00:00Z'));
    await s.restart();
    const after = (await s.api('GET', '/api/v1/office-hours', { token: s.admin.token })).body.holidays.resolved;
    expect(after).toMatchObject({ from: '2026-01-01', to: '2029-12-31' });
    expect(after.days.some((d: { date: string }) => d.date === '2029-12-24')).toBe(true);
  });

  it('an unknown country or region, a bad range or a group of nobody are refused, and nothing changes', async () => {
    clock = new ManualClock();
    s = await startTestServer({ clock });
    await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', { country: 'CZ' }) });
    for (const [holidays, path] of [
      [{ country: 'XX' }, 'holidays.country'],
      [{ country: 'cz' }, 'holidays.country'],
      [{ country: 'DE', region: 'ZZ' }, 'holidays.region'],
      [{ country: 'CZ', extra: true }, 'holidays.extra'],
    ] as const) {
      const res = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Europe/Prague', holidays) });
      expect(res.status, JSON.stringify(holidays)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await s.api('GET', '/api/v1/office-hours', { token: s.admin.token })).body.holidays.country).toBe('CZ');
    const q = (query: string) => s.api('GET', `/api/v1/office-hours/calendar?${query}`, { token: s.admin.token });
    expect((await q('from=2027-01-01&to=2028-02-05')).status).toBe(400);
    expect((await q('from=2027-01-02&to=2027-01-01')).status).toBe(400);
    expect((await q('from=2027-02-30&to=2027-03-01')).body.error.details[0].path).toBe('from');
    expect((await q('from=2027-01-01&to=2027-01-02&group=nope')).status).toBe(404);
    expect((await q('from=2027-01-01&to=2028-02-04')).body.days).toHaveLength(400);
  });
});
