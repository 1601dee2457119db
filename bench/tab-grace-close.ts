// Issue 23: close-to-offline time of a dashboard tab, the agent's only device. Real server on
// loopback (default --tab-grace 10 s unless TAB_GRACE_MS is set), real Chromium, a widget socket
// watching: for each round an agent signs in, goes online, the tab is closed, and the time from
// page.close() to the widget's offline message is recorded. Prints p50 and max.
//   npx tsx bench/tab-grace-close.ts [rounds=20]
import { TIMINGS } from '../src/common/timings.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { buildDashboard, signIn } from '../test/helpers/dashboard-world.js';
import { startTestServer, widgetSocket } from '../test/helpers/server.js';
import { percentiles } from './lib/common.js';

const rounds = Number(process.argv[2] ?? 20);
const tabGraceMs = Number(process.env.TAB_GRACE_MS ?? TIMINGS.tabGraceMs);
const server = await startTestServer({ tabGraceMs, dashboardDir: await buildDashboard() });
const browser = await launchBrowser();
const took: number[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    const agent = await server.createAgent({ name: `Closer ${i}` });
    const widget = await widgetSocket(server);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await signIn(page, agent.email, agent.password);
    await page.getByRole('radio', { name: 'Online', exact: true }).check();
    await widget.next((m) => m.online, 10_000);
    const closedAt = performance.now();
    await page.close();
    await widget.next((m) => !m.online, tabGraceMs + 30_000);
    took.push(performance.now() - closedAt);
    process.stdout.write(`round ${i + 1}: ${Math.round(took.at(-1)!)} ms\n`);
    widget.close();
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const p = percentiles(took);
process.stdout.write(`close-to-offline over ${p.n} closes (tab grace ${tabGraceMs} ms): p50 ${Math.round(p.p50)} ms, max ${Math.round(p.max)} ms\n`);
