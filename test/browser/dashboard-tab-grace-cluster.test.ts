// SPEC 2.1 tab grace across a cluster (issue 23): two nodes on PostgreSQL and Redis behind a TCP
// proxy that plays the load balancer. Each reload of the dashboard lands on the other node; the
// widgets of both nodes see no flap, and closing the tab turns both offline within tab grace + 1 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasBrowser, launchBrowser } from '../helpers/browser.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { buildDashboard, signIn } from '../helpers/dashboard-world.js';
import { widgetSocket } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const TAB_GRACE_MS = 3_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const runs = hasBrowser() && (await clusterServicesAvailable());

describe.skipIf(!runs)('SPEC 2.1 tab grace in a cluster: a reload that lands on the other node is no flap (issue 23)', { timeout: 120_000 }, () => {
  let cluster: TestCluster;
  let proxy: TcpProxy;
  let browser: Browser;
  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 2, tabGraceMs: TAB_GRACE_MS, graceMs: 60_000, dashboardDir: await buildDashboard() });
    proxy = await startTcpProxy(cluster.nodes[0]!.port);
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await proxy?.close();
    await cluster?.close();
  });

  /** Sockets of the agent's devices that node i holds. */
  const devicesOn = (i: number, agentId: string): number => cluster.nodes[i]!.hub.account(cluster.accountId)?.agents.get(agentId)?.devices.size ?? 0;

  it('four reloads alternating between the nodes: no widget message on either; the close: offline on both', async () => {
    const agent = await cluster.createAgent({ name: 'Clara Cluster' });
    const widgets = [await widgetSocket(cluster.node(0)), await widgetSocket(cluster.node(1))];
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(proxy.url + '/');
    await signIn(page, agent.email, agent.password);
    await page.getByRole('radio', { name: 'Online', exact: true }).check();
    for (const w of widgets) await w.next((m) => m.online, 5_000);
    expect(devicesOn(0, agent.id)).toBe(1);
    const before = widgets.map((w) => w.messages.length);

    let on = 0;
    for (let i = 0; i < 4; i++) {
      on = 1 - on;
      proxy.retarget(cluster.nodes[on]!.port);
      await page.reload();
      await page.getByRole('radio', { name: 'Online', exact: true }).waitFor();
      // The tab's socket really moved: the node it left holds nothing, the other one holds it.
      await expect.poll(() => [devicesOn(on, agent.id), devicesOn(1 - on, agent.id)], { timeout: 5_000 }).toEqual([1, 0]);
    }
    await sleep(TAB_GRACE_MS + 1_000);
    expect(widgets.map((w, i) => w.messages.slice(before[i]))).toEqual([[], []]);

    const closedAt = Date.now();
    await page.close();
    for (const w of widgets) {
      await w.next((m) => !m.online, TAB_GRACE_MS + 5_000);
      expect(Date.now() - closedAt).toBeLessThanOrEqual(TAB_GRACE_MS + 1_000);
    }
    for (const w of widgets) w.close();
    await context.close();
  });
});
