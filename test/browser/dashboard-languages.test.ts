// SPEC 12 in real Chromium: the dashboard in each language, chosen from the browser's language and
// by the picker, without sideways scrolling on a phone; Czech and German screenshots for docs/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CATALOGS } from '../../src/common/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/common/i18n/locales.js';
import { hasBrowser } from '../helpers/browser.js';
import { PHONE, screenshot, startDashboard, unexpectedErrors, type DashboardWorld } from '../helpers/dashboard-world.js';

const TAGS: Record<Locale, string> = { en: 'en-GB', cs: 'cs-CZ', de: 'de-DE', es: 'es-ES', fr: 'fr-FR' };

/** Nothing may force sideways scrolling, and no text box may be wider than its card. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    // The skip link waits off screen until focused, on purpose.
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, label, legend, h1, h2, p, a:not(.skip-link), select, .pill'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) out.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 40)}" reaches ${Math.round(r.right)}px`);
    }
    return out;
  }, PHONE.width);
}

describe.skipIf(!hasBrowser())('SPEC 12 dashboard languages on a phone screen', { timeout: 180_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => { world = await startDashboard(); }, 90_000);
  afterAll(async () => { await world?.close(); });

  it.each(LOCALES)('%s: follows the browser language, every screen fits 390 px', async (locale) => {
    const m = CATALOGS[locale];
    const server = await world.fresh();
    await server.createGroup(locale === 'de' ? 'Kundendienst am Wochenende' : 'Support');
    const context = await world.browser.newContext({
      viewport: PHONE, deviceScaleFactor: 1, locale: TAGS[locale], timezoneId: 'Europe/Prague', isMobile: true, hasTouch: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: m['signIn.title'] }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(TAGS[locale]);
    expect(await overflow(page)).toEqual([]);
    if (locale === 'cs' || locale === 'de') await screenshot(page, `${locale}-sign-in`, true);

    await page.getByLabel(m['signIn.email'], { exact: true }).fill(server.admin.email);
    await page.getByLabel(m['signIn.password'], { exact: true }).fill(server.admin.password);
    await page.getByRole('button', { name: m['signIn.submit'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: m['nav.status'] }).waitFor();
    await page.getByRole('radio', { name: m['status.online'], exact: true }).check();
    await expect.poll(() => page.getByTestId('chatbox-list').innerText()).toContain(m['chatBox.online']);
    expect(await overflow(page)).toEqual([]);
    if (locale === 'cs' || locale === 'de') await screenshot(page, `${locale}-my-status`, true);

    for (const section of ['nav.team', 'nav.groups', 'nav.office-hours'] as const) {
      await page.getByRole('navigation', { name: m['app.sections'] }).getByRole('link', { name: m[section], exact: true }).click();
      await page.getByRole('heading', { level: 1, name: m[section], exact: true }).waitFor();
      if (section === 'nav.office-hours') await page.getByRole('button', { name: m['oh.save'] }).waitFor();
      expect(await overflow(page), `${locale} ${section}`).toEqual([]);
      if (section === 'nav.office-hours' && (locale === 'cs' || locale === 'de')) await screenshot(page, `${locale}-office-hours`, true);
    }
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  });

  it('the picker overrides the browser language, and the choice survives a reload', async () => {
    const context = await world.browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(world.server.url + '/');
    await page.getByRole('heading', { name: CATALOGS.en['signIn.title'] }).waitFor();
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: CATALOGS.de['signIn.title'] }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.reload();
    await page.getByRole('heading', { name: CATALOGS.de['signIn.title'] }).waitFor();
    await page.getByLabel(CATALOGS.de['app.language']).selectOption('system');
    await page.getByRole('heading', { name: CATALOGS.en['signIn.title'] }).waitFor();
    await context.close();
  });
});
