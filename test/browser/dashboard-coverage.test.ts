// Issue 16 in real Chromium: the Coverage screen shows what GET /reports/coverage returns (a bar
// per day, the same numbers as a table, the gaps in the viewer's and the schedule's time, the
// totals) and offers the server's CSV; axe finds nothing serious and the console stays clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { axeSerious, goTo, nodeAgent, openDashboard, screenshot, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';
import { ManualClock } from '../helpers/manual-clock.js';

describe.skipIf(!hasBrowser())('dashboard: Coverage screen', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('renders the report of the API: chart, table, gaps, totals, CSV', async () => {
    // Monday 2026-06-15 08:00 in Prague; open Mon–Fri 09:00–17:00; Ann online 10:00–15:00.
    const clock = new ManualClock(Date.parse('2026-06-15T06:00:00Z'));
    const server = await world.fresh({ clock });
    const hours = { enabled: true, timezone: 'Europe/Prague', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]])) };
    expect((await server.api('PUT', '/api/v1/office-hours', { token: server.admin.token, body: hours })).status).toBe(200);
    const ann = await server.createAgent({ name: 'Ann Coverage' });
    const device = await nodeAgent(server, ann);
    clock.set(Date.parse('2026-06-15T08:00:00Z'));
    await device.setStatus('online');
    clock.set(Date.parse('2026-06-15T13:00:00Z'));
    await device.setStatus('offline');
    clock.set(Date.parse('2026-06-16T12:00:00Z')); // Tuesday 14:00: today counts up to now
    const api = (await server.api('GET', '/api/v1/reports/coverage?from=2026-06-15&to=2026-06-16', { token: server.admin.token })).body;
    expect(api.days.map((d: { coveredSeconds: number }) => d.coveredSeconds)).toEqual([5 * 3600, 0]);

    const { page, errors } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Coverage');
    await page.getByLabel('From', { exact: true }).fill('2026-06-15');
    await page.getByLabel('To', { exact: true }).fill('2026-06-16');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.getByTestId('coverage-totals').innerText()).toBe('Open 13:00:00, covered 5:00:00, uncovered 8:00:00: 38.5% of the open time covered.');
    expect(await page.locator('[data-testid="coverage-chart"] g[data-date]').count()).toBe(2);
    expect(await page.getByRole('img', { name: /2 days: 38.5% covered in total/ }).count()).toBe(1);
    const rows = await page.locator('.coverage-table tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split(/\s+/))).toEqual([['2026-06-15', '8:00:00', '5:00:00', '3:00:00'], ['2026-06-16', '5:00:00', '0:00:00', '5:00:00']]);
    // The viewer is in Prague too (the test browser's zone), so both times agree.
    expect(await page.getByTestId('coverage-gaps').locator('li').allInnerTexts()).toEqual([
      '2026-06-15: 09:00 – 10:00 your time (09:00 – 10:00 in Europe/Prague)',
      '2026-06-15: 15:00 – 17:00 your time (15:00 – 17:00 in Europe/Prague)',
      '2026-06-16: 09:00 – 14:00 your time (09:00 – 14:00 in Europe/Prague)',
    ]);
    const link = page.getByRole('link', { name: 'Download CSV' });
    expect(await link.getAttribute('download')).toBe('coverage-2026-06-15-2026-06-16.csv');
    const href = (await link.getAttribute('href'))!;
    const csv = await fetch(`${server.url}/api/v1/reports/coverage?from=2026-06-15&to=2026-06-16&format=csv`, { headers: { authorization: `Bearer ${server.admin.token}` } });
    expect(decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ''))).toBe(await csv.text());
    await screenshot(page, 'coverage', true);
    expect(await axeSerious(page)).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    device.stop();
  });
});
