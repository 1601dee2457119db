// Shared set-up of the dashboard browser suites: a private production build of renderer/ (the
// same bytes fastify serves), a real backend on loopback serving it, system Chromium, pages that
// record console errors, an axe-core scan, screenshots, and a Node agent on the client core.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { PresenceClient } from '../../src/client/presence-client.js';
import { connectedClient } from '../integration/client-harness.js';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestAgent, type TestServer, type TestServerOptions } from './server.js';

export interface DashboardWorld {
  /** A backend of its own for the suite; tests that watch the website's status use fresh(). */
  server: TestServer;
  browser: Browser;
  /** Another backend serving the same build, so one test's agents never colour another's widget. */
  fresh(opts?: TestServerOptions): Promise<TestServer>;
  close(): Promise<void>;
}

let built: Promise<string> | null = null;

/** One production build per test file (worker), shared by every server it starts. */
export function buildDashboard(): Promise<string> {
  built ??= (async () => {
    const { build } = await import('vite');
    const outDir = await mkdtemp(join(tmpdir(), 'dashboard-'));
    await build({ configFile: resolve('renderer/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    return outDir;
  })();
  return built;
}

export async function startDashboard(opts: TestServerOptions = {}): Promise<DashboardWorld> {
  const dashboardDir = await buildDashboard();
  const servers: TestServer[] = [];
  const fresh = async (o: TestServerOptions = {}): Promise<TestServer> => {
    const s = await startTestServer({ ...opts, ...o, dashboardDir });
    servers.push(s);
    return s;
  };
  const server = await fresh();
  const browser = await launchBrowser();
  return {
    server, browser, fresh,
    async close() {
      // Both at once, each bounded: Chromium's shutdown by the race below (on a loaded machine it
      // once outlived the 30 s hook), the servers' by their shutdown grace, which cuts a peer that
      // never answers its close frame (a Chromium still shutting down) instead of ws's 30 s wait.
      // A slow close says which one it was.
      const t0 = Date.now();
      const timed = async (p: Promise<unknown>) => { await p; return Date.now() - t0; };
      const [browserMs, serversMs] = await Promise.all([
        timed(Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))])),
        timed(Promise.all(servers.map((s) => s.close()))),
      ]);
      if (Date.now() - t0 > 5_000) console.warn(`dashboard world: browser.close ${browserMs} ms, servers' close ${serversMs} ms`);
    },
  };
}

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions; every test asserts it stays empty. */
  errors: string[];
}

export const PHONE = { width: 390, height: 844 };

export async function openDashboard(world: DashboardWorld, o: { server?: TestServer; viewport?: { width: number; height: number }; mobile?: boolean } = {}): Promise<DashboardPage> {
  const context = await world.browser.newContext({
    viewport: o.viewport ?? { width: 1100, height: 800 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/Prague',
    ...(o.mobile ? { isMobile: true, hasTouch: true, userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36' } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto((o.server ?? world.server).url + '/');
  return { page, context, errors };
}

/** Errors minus the browser's own "Failed to load resource" line for statuses a test provoked on purpose. */
export function unexpectedErrors(errors: string[], expectedStatuses: number[] = []): string[] {
  return errors.filter((e) => !expectedStatuses.some((s) => e.includes(`status of ${s}`)));
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

export async function goTo(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: section }).waitFor();
}

/**
 * The accessible description of a control: the text of the elements its aria-describedby names
 * (the part of the accessible-name computation Playwright's locators do not expose).
 */
export function accessibleDescription(control: Locator): Promise<string> {
  return control.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' '));
}

let axeSource: string | null = null;

/** axe-core violations of impact serious or critical. Injected by evaluation: the CSP blocks script tags. */
export async function axeSerious(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Full-page screenshot into test-output/; `doc` also copies it to docs/screenshots/. */
export async function screenshot(page: Page, name: string, doc = false): Promise<string> {
  await mkdir('test-output', { recursive: true });
  const path = join('test-output', `dashboard-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // Test runs never rewrite committed docs; refresh them on purpose with UPDATE_SCREENSHOTS=1
  // (the widget fixture does the same).
  const target = join('docs/screenshots', `${name}.png`);
  if (doc && (process.env.UPDATE_SCREENSHOTS || !existsSync(target))) {
    await mkdir('docs/screenshots', { recursive: true });
    await copyFile(path, target);
  }
  return path;
}

/** A second device of an agent on the shared client core (the tray's and the CLI's engine). */
export function nodeAgent(server: TestServer, agent: TestAgent): Promise<PresenceClient> {
  return connectedClient(server.url, agent.token, { device: { kind: 'cli', name: 'dashboard-test' } });
}
