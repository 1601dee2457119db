// Issue 16 in real Chromium: the Activity screen draws an agent's day from GET /agents/:id/history
// (a timeline coloured as the status pills, the time in each status, every change with its
// reason); an admin picks the agent, an agent sees its own; axe finds nothing serious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { axeSerious, goTo, nodeAgent, openDashboard, screenshot, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';
import { ManualClock } from '../helpers/manual-clock.js';

describe.skipIf(!hasBrowser())('dashboard: Activity screen', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('an admin sees an agent\'s day; the agent sees its own', async () => {
    // 2026-06-15 00:00 in Prague (the test browser's zone): Bob is added, online 10–14, away 14–16.
    const clock = new ManualClock(Date.parse('2026-06-14T22:00:00Z'));
    const server = await world.fresh({ clock });
    const bob = await server.createAgent({ name: 'Bob Activity' });
    const device = await nodeAgent(server, bob);
    clock.set(Date.parse('2026-06-15T08:00:00Z'));
    await device.setStatus('online');
    clock.set(Date.parse('2026-06-15T12:00:00Z'));
    await device.setStatus('away');
    clock.set(Date.parse('2026-06-15T14:00:00Z'));
    await device.setStatus('offline');
    clock.set(Date.parse('2026-06-16T10:00:00Z'));
    const expected = 'Online 4:00:00, away 2:00:00, offline 18:00:00.';

    const { page, errors } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Activity');
    await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Bob Activity' });
    await page.getByLabel('Day', { exact: true }).fill('2026-06-15');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.getByTestId('activity-summary').innerText()).toBe(expected);
    expect(await page.getByRole('img', { name: expected }).count()).toBe(1);
    expect(await page.locator('[data-testid="activity-chart"] rect[data-status]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')))).toEqual(['offline', 'online', 'away', 'offline']);
    const events = await page.getByTestId('activity-events').locator('li').allInnerTexts();
    expect(events.map((e) => e.replace(/^.*?: /, ''))).toEqual(['Offline (the agent was added)', 'Online (changed by hand)', 'Away (changed by hand)', 'Offline (changed by hand)']);
    await screenshot(page, 'activity', true);
    expect(await axeSerious(page)).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);

    const own = await openDashboard(world, { server });
    await signIn(own.page, bob.email, bob.password);
    await goTo(own.page, 'Activity');
    expect(await own.page.getByLabel('Agent', { exact: true }).count()).toBe(0);
    await own.page.getByLabel('Day', { exact: true }).fill('2026-06-15');
    await own.page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => own.page.getByTestId('activity-summary').innerText()).toBe(expected);
    expect(unexpectedErrors(own.errors)).toEqual([]);
    device.stop();
  });
});
