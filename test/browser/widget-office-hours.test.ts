import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_MS, type Clock } from '../../src/common/clock.js';
import type { PresenceClient } from '../../src/client/presence-client.js';
import { hasBrowser } from '../helpers/browser.js';
import { agentDevice, api, embed, expectBadge, openPage, publishScreenshot, screenshotBadge, startWorld, type WidgetWorld } from './widget-fixture.js';

/** Real timers with a movable "now", so the server's office-hours boundary comes in seconds. */
function shiftedClock(): Clock & { offset: number } {
  const clock = {
    offset: 0,
    now: () => Date.now() + clock.offset,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMEOUT_MS)),
    clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  return clock;
}

const hhmm = (d: Date): string => d.toISOString().slice(11, 16);

describe.skipIf(!hasBrowser())('SPEC 4.2 pages already open react live at an office-hours boundary', () => {
  const clock = shiftedClock();
  let world: WidgetWorld;
  let device: PresenceClient;

  beforeAll(async () => {
    world = await startWorld({ clock });
    device = await agentDevice(world.server, await world.server.createAgent({ name: 'Early bird' }));
    await device.setStatus('online');
  }, 60_000);
  afterAll(async () => {
    device?.stop();
    await world?.close();
  });

  it('shows "Opens HH:MM" while closed and flips online at the opening instant without a reload', async () => {
    // Opening time: the next whole minute at least 5 s away; the server's clock is put 8 s before it.
    const opensAt = new Date(Math.ceil((Date.now() + 5_000) / 60_000) * 60_000);
    const closesAt = new Date(opensAt.getTime() + 3_600_000);
    clock.offset = opensAt.getTime() - 8_000 - Date.now();
    const day = [{ from: hhmm(opensAt), to: hhmm(closesAt) }];
    await api(world.server, world.server.admin.token, 'PUT', '/office-hours', {
      enabled: true, timezone: 'UTC',
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      messages: { offline: 'We are away. Leave a message.' },
    });
    const page = await openPage(world, embed(world), { locale: 'en-GB', timezoneId: 'UTC' });
    await expectBadge(page, 'offline', { text: new RegExp(`We are away\\. Leave a message\\.\\s+Opens .*${hhmm(opensAt)}`) });
    await screenshotBadge(page, 'widget-offline-hours').then((p) => publishScreenshot(p, 'widget-offline-hours.png'));
    expect(await page.evaluate(() => (window as unknown as { AgentPresence: { status(): { reason: string } } }).AgentPresence.status().reason))
      .toBe('outside_office_hours');
    await expectBadge(page, 'online', { timeout: 12_000 });
    await page.context().close();
  }, 60_000);
});
