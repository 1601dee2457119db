// Issue 18 / SPEC 11 in real Chromium against a real backend: the office hours screen takes a
// country and region for public holidays, shows the server's refusal of an unknown region at the
// field, and its 60-day calendar (drawn in the page from the saved schedule) equals the server's
// GET /office-hours/calendar for the same dates, holidays and their names included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { goTo, openDashboard, screenshot, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';

describe.skipIf(!hasBrowser())('dashboard: public holidays and the 60-day calendar (SPEC 11)', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('country and region picker; the page\'s calendar equals the server\'s, holidays marked', async () => {
    const server = await world.fresh();
    const day = [{ from: '09:00', to: '17:00' }];
    const body = { enabled: true, timezone: 'Europe/Berlin', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] } };
    expect((await server.api('PUT', '/api/v1/office-hours', { token: server.admin.token, body })).status).toBe(200);
    const { page, errors, context } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Office hours');

    await page.getByLabel('Country code (for example CZ, DE, US)').fill('de');
    await page.getByLabel('Region code (optional, for example BY or NSW)').fill('zz');
    await page.getByRole('button', { name: 'Save office hours' }).click();
    const region = page.getByLabel('Region code (optional, for example BY or NSW)');
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await region.getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${describedBy}`).innerText()).toMatch(/"ZZ" is not a region of DE; known: .*BY/);
    expect((await server.api('GET', '/api/v1/office-hours', { token: server.admin.token })).body.holidays).toBeUndefined();

    await region.fill('BY');
    await page.getByRole('button', { name: 'Save office hours' }).click();
    await expect.poll(() => page.getByTestId('save-message').innerText()).toMatch(/saved/i);
    expect((await server.api('GET', '/api/v1/office-hours', { token: server.admin.token })).body.holidays).toMatchObject({ country: 'DE', region: 'BY' });

    const items = page.getByTestId('oh-calendar').locator('li');
    await expect.poll(() => items.count()).toBe(60);
    const shown = await items.evaluateAll((lis) => lis.map((li) => ({
      date: li.getAttribute('data-date'),
      source: li.getAttribute('data-source'),
      plan: li.querySelector('[data-testid="oh-day-plan"]')?.textContent ?? '',
      holiday: li.querySelector('[data-testid="oh-day-holiday"]')?.textContent ?? null,
    })));
    const cal = (await server.api('GET', `/api/v1/office-hours/calendar?from=${shown[0]!.date}&to=${shown[59]!.date}`, { token: server.admin.token })).body;
    expect(shown.map((d) => d.date)).toEqual(cal.days.map((d: { date: string }) => d.date));
    for (const [i, d] of cal.days.entries()) {
      const mine = shown[i]!;
      expect(mine.source, d.date).toBe(d.source);
      expect(mine.plan, d.date).toBe(d.intervals.length === 0 ? 'Closed' : d.intervals.map((iv: { from: string; to: string }) => `${iv.from}–${iv.to}`).join(', '));
      expect(mine.holiday, d.date).toBe(d.holiday === undefined ? null : `Holiday: ${d.holiday}`);
    }
    // Not every 60 days hold a public holiday (summer in Bavaria may not); those that do are marked.
    const holidays = cal.days.filter((d: { source: string }) => d.source === 'holiday');
    if (holidays.length > 0) await expect.poll(() => page.locator('.oh-day.source-holiday').count()).toBe(holidays.length);
    await screenshot(page, 'office-hours-calendar', true);
    expect(unexpectedErrors(errors, [400])).toEqual([]);
    await context.close();
  });
});
