// Real IANA zones with a fixed offset (no DST) for every whole hour from UTC-10 to UTC+14, so a
// test can pick the zone where it is "22:xx right now" and build an overnight interval around it
// without depending on the time of day the suite runs.
import { DateTime } from 'luxon';

const BY_OFFSET: Record<number, string> = {
  [-10]: 'Pacific/Honolulu', [-9]: 'Pacific/Gambier', [-8]: 'Pacific/Pitcairn', [-7]: 'America/Phoenix', [-6]: 'America/Guatemala',
  [-5]: 'America/Bogota', [-4]: 'America/La_Paz', [-3]: 'America/Sao_Paulo', [-2]: 'America/Noronha', [-1]: 'Atlantic/Cape_Verde',
  0: 'Africa/Abidjan', 1: 'Africa/Lagos', 2: 'Africa/Maputo', 3: 'Asia/Riyadh', 4: 'Asia/Dubai', 5: 'Asia/Tashkent', 6: 'Asia/Dhaka',
  7: 'Asia/Bangkok', 8: 'Asia/Singapore', 9: 'Asia/Tokyo', 10: 'Australia/Brisbane', 11: 'Pacific/Guadalcanal', 12: 'Pacific/Tarawa',
  13: 'Pacific/Fakaofo', 14: 'Pacific/Kiritimati',
};

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A zone where the local hour is `hour` now, with today's local weekday and date there. */
export function zoneAtLocalHour(hour: number, nowMs = Date.now()): { zone: string; day: (typeof WEEKDAYS)[number]; date: string } {
  const utcHour = new Date(nowMs).getUTCHours();
  let offset = (((hour - utcHour) % 24) + 24) % 24;
  if (offset > 14) offset -= 24;
  const zone = BY_OFFSET[offset]!;
  const local = DateTime.fromMillis(nowMs, { zone });
  return { zone, day: WEEKDAYS[local.weekday - 1]!, date: local.toISODate()! };
}
