import { describe as suite, expect, it } from 'vitest';
import { describe, formatOffset, validateOfficeHours, type OfficeHours, type OfficeHoursInput } from '../../src/common/office-hours.js';

function schedule(timezone: string, weekly: OfficeHoursInput['weekly'], exceptions?: OfficeHoursInput['exceptions']): OfficeHours {
  const r = validateOfficeHours({ enabled: true, timezone, weekly, ...(exceptions ? { exceptions } : {}) });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.value;
}

const iv = (from: string, to: string) => ({ from, to });
const ms = (iso: string) => Date.parse(iso);

suite('SPEC 3 office hours: describe and formatOffset', () => {
  const work = [iv('09:00', '12:00'), iv('13:00', '17:30')];
  // The week of Monday 2026-06-08 is a company holiday.
  const holiday = ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12'].map((date) => ({ date, intervals: [] }));
  const s = schedule('Europe/Prague', { mon: work, tue: work, wed: work, thu: work, fri: work }, holiday);

  it('says until when open and when it opens next when closed', () => {
    expect(describe(s, ms('2026-06-01T10:00:00+02:00'))).toBe('Open until 12:00');
    expect(describe(s, ms('2026-06-01T12:30:00+02:00'))).toBe('Opens 13:00');
    expect(describe(s, ms('2026-06-01T18:00:00+02:00'))).toBe('Opens tomorrow 09:00');
    expect(describe(s, ms('2026-05-29T18:00:00+02:00'))).toBe('Opens Mon 09:00');
    // Over the holiday week the next opening is more than a week out.
    expect(describe(s, ms('2026-06-05T18:00:00+02:00'))).toBe('Opens Mon 15 Jun 09:00');
  });

  it('displays in another zone and locale on request', () => {
    expect(describe(s, ms('2026-06-01T10:00:00+02:00'), { timeZone: 'UTC' })).toBe('Open until 10:00');
    expect(describe(s, ms('2026-05-29T18:00:00+02:00'), { locale: 'de' })).toMatch(/^Öffnet Mo\.? um 09:00$/);
    expect(describe(s, ms('2026-06-01T18:00:00+02:00'), { locale: 'cs' })).toBe('Otevírá zítra v 09:00');
    expect(describe(s, ms('2026-06-01T10:00:00+02:00'), { locale: 'fr' })).toBe("Ouvert jusqu'à 12:00");
    expect(describe(s, ms('2026-06-01T12:30:00+02:00'), { locale: 'fr' })).toBe('Ouvre à 13:00');
  });

  it('shows a midnight close as 24:00 and overnight ones as tomorrow', () => {
    const late = schedule('Europe/Prague', { mon: [iv('18:00', '24:00')], tue: [iv('22:00', '02:00')] });
    expect(describe(late, ms('2026-06-01T19:00:00+02:00'))).toBe('Open until 24:00');
    expect(describe(late, ms('2026-06-02T23:00:00+02:00'))).toBe('Open until tomorrow 02:00');
  });

  it('formats instants with a numeric offset', () => {
    expect(formatOffset(ms('2026-12-01T08:00:00Z'), 'Europe/Prague')).toBe('2026-12-01T09:00:00.000+01:00');
    expect(formatOffset(ms('2026-12-01T08:00:00Z'), 'UTC')).toBe('2026-12-01T08:00:00.000+00:00');
    expect(formatOffset(ms('2026-12-01T08:00:00Z'), 'Asia/Kathmandu')).toBe('2026-12-01T13:45:00.000+05:45');
  });
});
