import { describe, expect, it } from 'vitest';
import { formatOpensAt } from '../../src/widget/format.js';

// Sunday 1 March 2026, 20:00 in Prague (UTC+1).
const now = Date.parse('2026-03-01T19:00:00Z');

describe('issue 8: "Opens Mon 09:00" in the visitor locale and time zone', () => {
  it('shows weekday and time within the week', () => {
    expect(formatOpensAt('2026-03-02T09:00:00+01:00', now, 'en-GB', 'Europe/Prague')).toBe('Mon 09:00');
  });

  it('converts to the visitor time zone, not the office one', () => {
    expect(formatOpensAt('2026-03-02T09:00:00+01:00', now, 'en-GB', 'America/New_York')).toBe('Mon 03:00');
  });

  it('shows only the time when it opens later the same local day', () => {
    expect(formatOpensAt('2026-03-01T21:30:00+01:00', now, 'en-GB', 'Europe/Prague')).toBe('21:30');
  });

  it('adds the date when it is a week or more away', () => {
    expect(formatOpensAt('2026-03-24T09:00:00+01:00', now, 'en-GB', 'Europe/Prague')).toBe('Tue 24 Mar, 09:00');
  });

  it('uses the visitor locale', () => {
    expect(formatOpensAt('2026-03-02T09:00:00+01:00', now, 'de-DE', 'Europe/Berlin')).toBe('Mo., 09:00');
  });

  it('returns an empty string for garbage instead of "Invalid Date"', () => {
    expect(formatOpensAt('tomorrow-ish', now, 'en-GB', 'Europe/Prague')).toBe('');
    expect(formatOpensAt('2026-03-02T09:00:00Z', now, 'en-GB', 'Not/AZone')).toBe('');
  });
});
