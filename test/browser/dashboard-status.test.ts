// The dashboard in real Chromium against a real backend: sign-in, "My status" live in both
// directions with a second device on the client core, admin force-offline, the widget following,
// a phone-sized run, and an accessibility scan. Screenshots go to test-output/ and docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { accessibleDescription, axeSerious, goTo, nodeAgent, openDashboard, PHONE, screenshot, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';
import { widgetSocket } from '../helpers/server.js';

describe.skipIf(!hasBrowser())('dashboard: sign in and my status (SPEC 2.1, 6)', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('is served with the CSP, long-cached hashed assets and no console errors', async () => {
    const res = await fetch(world.server.url + '/');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const js = await fetch(`${world.server.url}/${asset}`);
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('shows a clear error for a wrong password, then signs in', async () => {
    const agent = await world.server.createAgent({ name: 'Wendy Wrong' });
    const { page, errors, context } = await openDashboard(world);
    await page.getByRole('heading', { name: 'Sign in to Agent Presence' }).waitFor();
    // Issue 24: a browser tab is not what keeps an agent online; the sign-in screen says what does.
    expect(await page.getByTestId('desktop-app-hint').innerText()).toMatch(/only while this tab is open.*desktop app.*ask your admin/s);
    await screenshot(page, 'sign-in', true);
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/wrong email or password/i);
    await expect.poll(() => page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'sign-in-error', true);
    expect(await axeSerious(page)).toEqual([]);
    await signIn(page, agent.email, agent.password);
    await page.getByRole('heading', { level: 1, name: 'My status' }).waitFor();
    expect(await page.getByTestId('desktop-app-hint').innerText()).toMatch(/desktop app.*ask your admin/s);
    expect(unexpectedErrors(errors, [401])).toEqual([]);
    await context.close();
  });

  it('a change in the dashboard reaches a second device, and a change there reaches the page', async () => {
    const server = await world.fresh();
    const agent = await server.createAgent({ name: 'Dana Dashboard' });
    const other = await nodeAgent(server, agent);
    const widget = await widgetSocket(server);
    const { page, errors, context } = await openDashboard(world, { server });
    await signIn(page, agent.email, agent.password);

    // Issue 24: the radio's name is the label alone, the hint is its description.
    for (const [name, hint] of [['Online', 'Taking chats'], ['Away', 'Signed in, not taking chats'], ['Offline', 'Not available']] as const) {
      const radio = page.getByRole('radio', { name, exact: true });
      expect(await radio.count(), name).toBe(1);
      expect(await accessibleDescription(radio)).toBe(hint);
    }
    await page.getByRole('radio', { name: 'Online', exact: true }).check();
    await other.waitFor((s) => s.status?.status === 'online', 5_000);
    await widget.next((m) => m.online);
    await expect.poll(() => page.getByTestId('last-change').innerText()).toMatch(/from this device/);
    await expect.poll(() => page.getByTestId('chatbox-list').innerText()).toMatch(/Website\s*Online/);
    await screenshot(page, 'my-status', true);

    await other.setStatus('away');
    await expect.poll(() => page.getByRole('radio', { name: /^Away/ }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('last-change').innerText()).toMatch(/another device \(command line\)/);
    await widget.next((m) => !m.online && m.reason === 'no_agents_online');

    await page.keyboard.press('Tab'); // keyboard: arrow keys move within the radio group
    await page.getByRole('radio', { name: /^Away/ }).focus();
    await page.keyboard.press('ArrowRight');
    await other.waitFor((s) => s.status?.status === 'offline', 5_000);
    expect(await axeSerious(page)).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await other.goOfflineAndClose();
    widget.close();
    await context.close();
  });

  it("an admin's force-offline shows at once in the agent's page", async () => {
    const agent = await world.server.createAgent({ name: 'Fiona Forgetful' });
    const agentView = await openDashboard(world);
    await signIn(agentView.page, agent.email, agent.password);
    await agentView.page.getByRole('radio', { name: /^Online/ }).check();
    await expect.poll(() => agentView.page.getByTestId('last-change').innerText()).toMatch(/this device/);

    const adminView = await openDashboard(world);
    await signIn(adminView.page, world.server.admin.email, world.server.admin.password);
    await goTo(adminView.page, 'Team');
    const card = adminView.page.locator(`[data-agent-id="${agent.id}"]`);
    await expect.poll(() => card.innerText()).toMatch(/Online[\s\S]*1 device connected/);
    await screenshot(adminView.page, 'team', true);
    expect(await axeSerious(adminView.page)).toEqual([]);
    await card.getByRole('button', { name: 'Set offline Fiona Forgetful' }).click();

    await expect.poll(() => agentView.page.getByRole('radio', { name: /^Offline/ }).isChecked(), { timeout: 3_000 }).toBe(true);
    await expect.poll(() => agentView.page.getByTestId('last-change').innerText()).toMatch(/set by an admin · from the server/);
    await expect.poll(() => card.innerText()).toMatch(/Offline/);
    expect(unexpectedErrors(agentView.errors)).toEqual([]);
    expect(unexpectedErrors(adminView.errors)).toEqual([]);
    await agentView.context.close();
    await adminView.context.close();
  });

  it('works on a phone-sized screen', async () => {
    const server = await world.fresh();
    const agent = await server.createAgent({ name: 'Pat Phone' });
    const widget = await widgetSocket(server);
    const { page, errors, context } = await openDashboard(world, { server, viewport: PHONE, mobile: true });
    await screenshot(page, 'phone-sign-in');
    await signIn(page, agent.email, agent.password);
    await page.getByRole('radio', { name: /^Online/ }).check();
    await widget.next((m) => m.online);
    await expect.poll(() => page.getByTestId('last-change').innerText()).toMatch(/this device/);
    // Nothing may force sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const tap = await page.getByRole('radio', { name: /^Away/ }).locator('..').boundingBox();
    expect(tap!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'phone-my-status', true);
    const me = await server.api('GET', '/api/v1/presence', { token: agent.token });
    expect(me.body.agents.find((a: { id: string }) => a.id === agent.id)).toMatchObject({ status: 'online', devices: 1 });
    expect(await axeSerious(page)).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await page.getByRole('radio', { name: /^Offline/ }).check();
    await widget.next((m) => !m.online);
    widget.close();
    await context.close();
  });
});
