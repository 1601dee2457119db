// SPEC 10 in the dashboard, real Chromium against a real backend: the Integrations screen adds a
// webhook (secret shown once), sends a test event to a real receiver that verifies it, shows the
// delivery log, creates and revokes an integration token; and admins see the unstaffed banner.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.js';
import { axeSerious, goTo, nodeAgent, openDashboard, screenshot, signIn, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

describe.skipIf(!hasBrowser())('dashboard: Integrations and the unstaffed banner (SPEC 10)', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  let r: Receiver;
  beforeAll(async () => {
    world = await startDashboard({ webhooksAllowPrivate: true });
    r = await startReceiver();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
    await r?.close();
  });

  it('adds a webhook, tests it, reads its log; creates a token, sees it used, revokes it', async () => {
    const server = world.server;
    const { page, errors } = await openDashboard(world);
    await signIn(page, server.admin.email, server.admin.password);
    await goTo(page, 'Integrations');
    await page.getByLabel('Endpoint URL (https)').fill(r.url);
    await page.getByRole('checkbox', { name: 'chatBox.changed' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    const hook = page.getByTestId('webhook');
    await expect.poll(() => hook.innerText()).toContain('agent.status.changed, chatBox.changed');

    await hook.getByRole('button', { name: 'Send a test event' }).click();
    const [got] = await r.waitFor(1);
    expect(got!.json.type).toBe('webhook.test');
    const [t, v1] = String(got!.headers['presence-signature']).split(',').map((p) => p.split('=')[1]!);
    expect(createHmac('sha256', secret).update(`${t}.${got!.body}`).digest('hex')).toBe(v1);
    await expect.poll(async () => {
      await hook.getByRole('button', { name: 'Delivery log' }).click();
      return hook.getByRole('table', { name: 'Delivery log' }).innerText().catch(() => '');
    }).toMatch(/webhook\.test\s+200/);

    await page.getByLabel('Token name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('token-once').locator('code').innerText()).trim();
    expect(token).toMatch(/^apk_/);
    await expect.poll(() => page.getByTestId('token').innerText()).toMatch(/CRM sync\s+presence:read\s+Never used/);
    expect((await server.api('GET', '/api/v1/presence', { token })).status).toBe(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await expect.poll(() => page.getByTestId('token').innerText()).toMatch(/Last used/);
    await screenshot(page, 'integrations', true);
    expect(await axeSerious(page)).toEqual([]);
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('No tokens yet.').waitFor();
    expect((await server.api('GET', '/api/v1/presence', { token })).status).toBe(401);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('admins see a banner on every screen when a chat box is unstaffed past the threshold', async () => {
    const clock = new ManualClock(Date.now());
    const server = await world.fresh({ clock });
    expect((await server.api('POST', '/api/v1/webhooks', { token: server.admin.token, body: { url: r.url, events: ['coverage.gap.started'] } })).status).toBe(201);
    const ann = await server.createAgent({ name: 'Ann' });
    const device = await nodeAgent(server, ann);
    await device.setStatus('online');
    await new Promise((res) => setTimeout(res, 300));
    await device.setStatus('offline');
    await new Promise((res) => setTimeout(res, 300));
    clock.advance(5 * 60_000);
    await expect.poll(async () => (await server.api('GET', '/api/v1/alerts', { token: server.admin.token })).body.gaps.length, { timeout: 10_000 }).toBe(1);
    const { page, errors } = await openDashboard(world, { server });
    await signIn(page, server.admin.email, server.admin.password);
    await expect.poll(() => page.getByTestId('admin-alerts').innerText()).toMatch(/Nobody is online for the website chat box, inside office hours, since/);
    await goTo(page, 'Team');
    expect(await page.getByTestId('admin-alerts').innerText()).toMatch(/Nobody is online/);
    expect(unexpectedErrors(errors)).toEqual([]);
    await device.stop?.();
  });
});
