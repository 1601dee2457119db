// SPEC 12: /api/docs renders the API reference in real Chromium from the server's own files, with
// the dashboard's CSP in force: no CSP violation, no console error, no request leaves the server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(!hasBrowser())('/api/docs in Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  beforeAll(async () => { t = await startTestServer(); browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); await t?.close(); });

  it('renders every tag and an operation, with no CSP violation, console error or outside request', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith(t.url) && !r.url().startsWith('data:')) outside.push(r.url()); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto(`${t.url}/api/docs`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.info .title').filter({ hasText: 'Agent Presence API' }).waitFor({ timeout: 20_000 });
    for (const tag of ['auth', 'presence', 'agents', 'groups', 'office hours', 'account', 'widget']) {
      await expect(page.locator(`.opblock-tag[data-tag="${tag}"]`).count(), tag).resolves.toBe(1);
    }
    // Open one operation: its responses, including the error body, render.
    await page.locator('#operations-presence-getPresence .opblock-summary-control').click();
    await page.locator('#operations-presence-getPresence .responses-table').first().waitFor({ timeout: 10_000 });
    const text = await page.locator('#operations-presence-getPresence').innerText();
    expect(text).toContain('401');
    expect(text).toContain('chat box');
    await page.locator('.btn.authorize').first().waitFor();
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});
