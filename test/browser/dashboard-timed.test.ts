// Issue 18 / SPEC 11 in real Chromium against a real backend: My status offers "Away for 15
// minutes" (the server holds `until`, the page says "Away until HH:MM"), and the time-off editor
// saves a leave (the page says "On leave until …", an automatic online is then refused) and shows
// the server's refusal of a period that ends before it starts at the field. An admin opens the
// same editor on another agent's Team card: the leave is stored for that agent (not the admin) and
// the card says "On leave until …".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { goTo, openDashboard, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';

const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe.skipIf(!hasBrowser())('dashboard: timed statuses and time off (SPEC 11)', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('Away for 15 minutes, then time off with a field error and a saved leave', async () => {
    const server = await world.fresh();
    const agent = await server.createAgent({ name: 'Timed Tina' });
    const { page, errors, context } = await openDashboard(world, { server });
    await signIn(page, agent.email, agent.password);

    const before = Date.now();
    await page.getByRole('button', { name: 'Away for 15 minutes' }).click();
    await expect.poll(async () => (await server.api('GET', '/api/v1/me', { token: agent.token })).body.intent).toBe('away');
    const me = (await server.api('GET', '/api/v1/me', { token: agent.token })).body;
    expect(Date.parse(me.until)).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(Date.parse(me.until)).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    await expect.poll(() => page.getByTestId('my-until').innerText()).toMatch(/^Away until \d\d:\d\d, then back to the status before$/);

    const today = utcDate(Date.now());
    const later = utcDate(Date.now() + 2 * 86_400_000);
    await page.getByRole('button', { name: '+ Add time off' }).click();
    await page.getByLabel('From', { exact: true }).fill(later);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Save time off' }).click();
    const to = page.getByLabel('To', { exact: true });
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await to.getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${describedBy}`).innerText()).toMatch(/must be on or after "from"/);
    expect((await server.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token })).body.periods).toEqual([]);

    await page.getByLabel('From', { exact: true }).fill(today);
    await to.fill(later);
    await page.getByLabel('Note').fill('Trip');
    await page.getByRole('button', { name: 'Save time off' }).click();
    await expect.poll(() => page.getByTestId('time-off-message').innerText()).toBe('Time off saved.');
    expect((await server.api('GET', `/api/v1/agents/${agent.id}/time-off`, { token: agent.token })).body).toMatchObject({ periods: [{ from: today, to: later, note: 'Trip' }], leaveUntil: later });
    await expect.poll(() => page.getByTestId('my-leave').innerText()).toMatch(/^On leave until .+: nothing automatic puts you online$/);
    expect((await server.api('PUT', '/api/v1/agents/me/status', { token: agent.token, body: { status: 'online', reason: 'schedule' } })).status).toBe(409);
    expect(unexpectedErrors(errors, [400])).toEqual([]);
    await context.close();
  });

  it('an admin sets another agent\'s leave from the Team card', async () => {
    const server = await world.fresh();
    const lena = await server.createAgent({ name: 'Leave Lena' });
    const { page, errors, context } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Team');
    const card = page.locator(`.agent-card[data-agent-id="${lena.id}"]`);
    await card.getByRole('button', { name: 'Time off Leave Lena' }).click();
    const editor = card.getByTestId('time-off-editor');
    await editor.getByRole('heading', { name: 'Time off for Leave Lena' }).waitFor();
    await expect.poll(() => editor.getByText('No time off planned.').count()).toBe(1);

    const today = utcDate(Date.now());
    const later = utcDate(Date.now() + 3 * 86_400_000);
    await editor.getByRole('button', { name: '+ Add time off' }).click();
    await editor.getByLabel('From', { exact: true }).fill(today);
    await editor.getByLabel('To', { exact: true }).fill(later);
    await editor.getByLabel('Note').fill('Conference');
    await editor.getByRole('button', { name: 'Save time off' }).click();
    await expect.poll(() => editor.getByTestId('time-off-message').innerText()).toBe('Time off saved.');

    const stored = await server.api('GET', `/api/v1/agents/${lena.id}/time-off`, { token: server.admin.token });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ periods: [{ from: today, to: later, note: 'Conference' }], leaveUntil: later });
    // Written for Lena, not for the admin who pressed Save.
    expect((await server.api('GET', '/api/v1/agents/me/time-off', { token: server.admin.token })).body.periods).toEqual([]);
    await expect.poll(() => card.getByTestId('on-leave').innerText()).toMatch(/On leave until .+/);
    expect((await server.api('PUT', '/api/v1/agents/me/status', { token: lena.token, body: { status: 'online', reason: 'schedule' } })).status).toBe(409);

    await editor.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => card.getByTestId('time-off-editor').count()).toBe(0);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  });
});
