import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceClient } from '../../src/client/presence-client.js';
import { hasBrowser } from '../helpers/browser.js';
import { agentDevice, embed, expectBadge, openPage, pageErrors, screenshotBadge, startWorld, type WidgetWorld } from './widget-fixture.js';

type Win = { violations: string[] };

describe.skipIf(!hasBrowser())('issue 8 widget in real Chromium: resilience and hostile hosts', () => {
  let world: WidgetWorld;
  let device: PresenceClient;

  beforeAll(async () => {
    world = await startWorld();
    const agent = await world.server.createAgent({ name: 'Steady' });
    device = await agentDevice(world.server, agent);
  }, 60_000);
  afterAll(async () => {
    device?.stop();
    await world?.close();
  });

  it('reconnects after the server is stopped and restarted', async () => {
    await device.setStatus('online');
    const page = await openPage(world, embed(world));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await expectBadge(page, 'online');
    await world.server.restart();
    // Intent survives the restart (grace at boot), and the agent's device reconnects on its own.
    await device.waitFor((s) => s.connection === 'connected', 20_000);
    await device.setStatus('away');
    await expectBadge(page, 'offline', { timeout: 20_000 });
    await device.setStatus('online');
    await expectBadge(page, 'online', { timeout: 10_000 });
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(sockets.every((u) => u.includes('/ws/widget?site='))).toBe(true);
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('keeps working by polling when the page CSP forbids WebSocket connections', async () => {
    await device.setStatus('online');
    // connect-src allows the backend over http: only, so every ws: attempt is refused by the browser.
    const url = embed(world, {
      attrs: { 'data-poll-ms': '1000' },
      headers: { 'Content-Security-Policy': `default-src 'self'; script-src ${world.server.url}; connect-src ${world.server.url}` },
    });
    const page = await openPage(world, url);
    const polls: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/widget/')) polls.push(r.url()); });
    await expectBadge(page, 'online', { timeout: 15_000 });
    await device.setStatus('away');
    await expectBadge(page, 'offline', { timeout: 10_000 });
    await device.setStatus('online');
    await expectBadge(page, 'online', { timeout: 10_000 });
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]).toBe(`${world.server.url}/api/v1/widget/${world.server.siteKey}/status`);
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('keeps working when WebSocket is blocked by the network (socket aborted), and sends no cookies', async () => {
    await device.setStatus('online');
    const context = await world.browser.newContext();
    await context.addCookies([{ name: 'tracking', value: 'secret', url: world.server.url }]);
    const page = await context.newPage();
    await page.routeWebSocket(/\/ws\/widget/, (ws) => { void ws.close({ code: 1006 }).catch(() => undefined); });
    const cookies: (string | undefined)[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/widget/')) cookies.push(r.headers().cookie); });
    await page.goto(embed(world, { attrs: { 'data-poll-ms': '1000' } }));
    await expectBadge(page, 'online', { timeout: 15_000 });
    await device.setStatus('away');
    await expectBadge(page, 'offline', { timeout: 10_000 });
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c === undefined)).toBe(true);
    await context.close();
  }, 60_000);

  it('a hostile host page (global CSS, overridden Array.prototype, JSON and console) does not break it', async () => {
    await device.setStatus('away');
    // Everything the test reads goes through DOM attributes and locators (Playwright's isolated
    // world), because page.evaluate itself would trip over the sabotaged Array.prototype.
    const head = `<style>
      body * { display: none !important; visibility: hidden !important; opacity: 0 !important; font-size: 60px !important; color: red !important }
      button, span, div { display: none !important; all: unset !important }
    </style>
    <script>
      // Hostile from the very start: every Array.prototype method the widget might use throws.
      for (const m of ['map', 'forEach', 'push', 'slice', 'filter', 'indexOf', 'splice', 'concat', 'join', 'some', 'every', 'includes', 'reduce', 'find']) {
        Array.prototype[m] = function () { throw new Error('hostile Array.prototype.' + m); };
      }
      let seen = '', events = '';
      document.addEventListener('agentpresence:change', (e) => {
        events += e.detail.online + ';';
        document.documentElement.setAttribute('data-events', events);
      });
      const hook = setInterval(() => {
        if (!window.AgentPresence || !window.AgentPresence.status()) return;
        clearInterval(hook);
        window.AgentPresence.subscribe((s) => { seen += s.online + ';'; document.documentElement.setAttribute('data-seen', seen); });
        // ...and once the widget runs, JSON, console, timers and friends are replaced too.
        JSON.parse = () => { throw new Error('hostile JSON.parse'); };
        JSON.stringify = () => { throw new Error('hostile JSON.stringify'); };
        Math.random = () => { throw new Error('hostile Math.random'); };
        Object.freeze = () => { throw new Error('hostile Object.freeze'); };
        window.setTimeout = () => { throw new Error('hostile setTimeout'); };
        console.warn = () => { throw new Error('hostile console.warn'); };
        document.documentElement.setAttribute('data-sabotaged', 'yes');
      }, 20);
    </script>`;
    const page = await openPage(world, embed(world, { head }));
    await expectBadge(page, 'offline');
    const html = page.locator('html');
    await expect.poll(() => html.getAttribute('data-sabotaged')).toBe('yes');
    await device.setStatus('online');
    await expectBadge(page, 'online');
    const button = page.locator('agent-presence-badge button');
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box && box.width > 40 && box.height > 20 && box.height < 80).toBe(true);
    await expect.poll(() => html.getAttribute('data-seen')).toBe('false;true;');
    expect(await html.getAttribute('data-events')).toBe('false;true;');
    await screenshotBadge(page, 'widget-hostile-online');
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('works under a strict nonce-based CSP without any violation', async () => {
    await device.setStatus('online');
    const nonce = 'r4nd0mN0nce';
    const origin = world.server.url;
    const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}' 'strict-dynamic'`, `style-src 'nonce-${nonce}'`,
      `connect-src ${origin} ${origin.replace(/^http/, 'ws')}`, `base-uri 'none'`].join('; ');
    const head = `<script nonce="${nonce}">
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => { window.violations.push(e.violatedDirective + ' ' + e.blockedURI); });
    </script>`;
    const page = await openPage(world, embed(world, { head, nonce, headers: { 'Content-Security-Policy': csp } }));
    await expectBadge(page, 'online', { text: /We're online/ });
    expect(await page.locator('agent-presence-badge button').isVisible()).toBe(true);
    // The shadow styles applied: the badge is a pill, not an unstyled inline button.
    expect(await page.locator('agent-presence-badge button').evaluate((el) => getComputedStyle(el).borderRadius)).toBe('22px');
    expect(await page.evaluate(() => (window as unknown as Win).violations)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('pauses while the tab is hidden for long and refreshes at once when shown', async () => {
    await device.setStatus('online');
    const context = await world.browser.newContext();
    const page = await context.newPage();
    // Headless Chromium cannot hide a tab: drive visibilityState, and install fake timers before
    // the widget loads, since it captures setTimeout at load (as it must, against hostile pages).
    await page.addInitScript(() => {
      const w = window as unknown as { __hidden: boolean };
      w.__hidden = false;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (w.__hidden ? 'hidden' : 'visible') });
    });
    await page.clock.install();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(embed(world));
    await expectBadge(page, 'online');
    const setHidden = (hidden: boolean) => page.evaluate((h) => {
      (window as unknown as { __hidden: boolean }).__hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

    await setHidden(true);
    await page.clock.runFor(61_000);
    await device.setStatus('away');
    await page.waitForTimeout(700);
    expect(await page.locator('agent-presence-badge').getAttribute('data-state')).toBe('online'); // paused: no socket
    expect(sockets).toHaveLength(1);

    await setHidden(false);
    await expectBadge(page, 'offline', { timeout: 5_000 });
    expect(sockets).toHaveLength(2);
    await context.close();
  }, 60_000);
});
