// Issue 16 in real Chromium: the Team screen says since when each agent has its current status,
// from the server's status history (GET /presence agents[].since), not from the page's memory:
// a page opened after the change shows the same instant. It also names the kinds of device
// connected (GET /presence agents[].deviceKinds), and follows a device leaving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { connectedClient } from '../integration/client-harness.js';
import { axeSerious, goTo, nodeAgent, openDashboard, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';

describe.skipIf(!hasBrowser())('dashboard: Team "since" from the status history', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it('shows "since HH:MM" for the instant the log recorded, after a reload too, and the kinds of device connected', async () => {
    const server = await world.fresh();
    const ann = await server.createAgent({ name: 'Ann Since' });
    const device = await nodeAgent(server, ann);
    await device.setStatus('online');
    const desktop = await connectedClient(server.url, ann.token, { device: { kind: 'desktop', name: 'ann-laptop' } });
    const presence = await server.api('GET', '/api/v1/presence', { token: server.admin.token });
    const annView = (presence.body.agents as { id: string; since: string; devices: number; deviceKinds: string[] }[]).find((a) => a.id === ann.id)!;
    const since = annView.since;
    expect({ devices: annView.devices, deviceKinds: annView.deviceKinds }).toEqual({ devices: 2, deviceKinds: ['desktop', 'cli'] });
    const hhmm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Prague' }).format(new Date(since));
    const { page, errors } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Team');
    const card = page.locator(`[data-agent-id="${ann.id}"]`);
    await expect.poll(async () => (await card.getByTestId('since').innerText()).trim()).toBe(`since ${hhmm} ·`);
    await expect.poll(async () => (await card.getByTestId('device-kinds').innerText()).trim()).toBe('via desktop app and command line');
    desktop.stop();
    await expect.poll(async () => (await card.getByTestId('device-kinds').innerText()).trim(), { timeout: 20_000 }).toBe('via command line');
    await page.reload();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await goTo(page, 'Team');
    await expect.poll(async () => (await card.getByTestId('since').innerText()).trim()).toBe(`since ${hhmm} ·`);
    expect(await axeSerious(page)).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    device.stop();
  });
});
