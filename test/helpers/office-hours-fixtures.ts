// Schedules the integration suites share: open every day, so a test's instant needs no weekday.

/** Office hours open every day from `from` to `to` in `timezone` (09:00–17:00 UTC by default). */
export function everyDay(from = '09:00', to = '17:00', timezone = 'UTC') {
  const day = [{ from, to }];
  return { enabled: true, timezone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } };
}
