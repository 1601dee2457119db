// SPEC 12: the widget's default texts in each language (data-locale, else the page's lang), on a
// phone-sized page without overflow; Czech and German screenshots for docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/common/i18n/locales.js';
import { WIDGET_MESSAGES } from '../../src/common/i18n/widget-messages.js';
import { hasBrowser } from '../helpers/browser.js';
import { embed, expectBadge, pageErrors, publishScreenshot, screenshotBadge, startWorld, type WidgetWorld } from './widget-fixture.js';

describe.skipIf(!hasBrowser())('SPEC 12 widget languages', { timeout: 120_000 }, () => {
  let world: WidgetWorld;
  beforeAll(async () => { world = await startWorld(); }, 60_000);
  afterAll(async () => { await world?.close(); });

  async function phonePage(url: string, locale = 'en-GB') {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 700 }, locale, timezoneId: 'Europe/Prague', deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors: string[] = [];
    pageErrors.set(page, errors);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return page;
  }

  it.each(LOCALES)('%s via data-locale: the offline text, inside a 390 px screen', async (locale) => {
    const page = await phonePage(embed(world, { attrs: { 'data-locale': locale } }));
    await expectBadge(page, 'offline', { text: new RegExp(`^${WIDGET_MESSAGES[locale].offline}$`) });
    const box = (await page.locator('agent-presence-badge button').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (locale === 'cs' || locale === 'de') await screenshotBadge(page, `widget-${locale}`).then((p) => publishScreenshot(p, `screenshots/widget-${locale}.png`));
    expect(pageErrors.get(page)).toEqual([]);
    await page.context().close();
  });

  it("follows the page's lang when data-locale is absent, whatever the browser's language", async () => {
    const url = world.host.page({
      html: `<!doctype html><html lang="de-AT"><head><meta charset="utf-8"><title>Laden</title></head><body><p>Produkte</p>
<script src="${world.server.url}/widget.js" data-site="${world.server.siteKey}" async></script></body></html>`,
    });
    const page = await phonePage(url, 'fr-FR');
    await expectBadge(page, 'offline', { text: /^Wir sind offline$/ });
    await page.context().close();
  });
});
