// Shared set-up of the widget browser suites: a built widget.js, a real backend, a cross-origin
// host page, real agent clients (the same core as the tray) and helpers to read the badge.
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWidget } from '../../scripts/build-widget.js';
import type { PresenceClient } from '../../src/client/presence-client.js';
import { connectedClient } from '../integration/client-harness.js';
import { launchBrowser, startHostServer, type HostServer } from '../helpers/browser.js';
import { startTestServer, type TestAgent, type TestServer } from '../helpers/server.js';

export interface WidgetWorld {
  server: TestServer;
  host: HostServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWorld(opts: Parameters<typeof startTestServer>[0] = {}): Promise<WidgetWorld> {
  // A private build per suite, so parallel suites never read a half-written file.
  const dir = await mkdtemp(join(tmpdir(), 'widget-browser-'));
  const built = await buildWidget(join(dir, 'widget.js'));
  const server = await startTestServer({ ...opts, widgetJsPath: built.path });
  const host = await startHostServer();
  const browser = await launchBrowser();
  return {
    server, host, browser,
    async close() {
      await browser.close().catch(() => undefined);
      await host.close();
      await server.close();
    },
  };
}

export interface EmbedOptions {
  site?: string;
  group?: string;
  attrs?: Record<string, string>;
  /** Markup placed in <head> before the widget (hostile CSS, scripts). */
  head?: string;
  /** Extra widget tags, e.g. a second badge for a group. */
  extra?: string;
  nonce?: string;
  headers?: Record<string, string>;
}

/** The customer's snippet, pointing at the backend from a page on the host origin. */
export function embed(world: WidgetWorld, o: EmbedOptions = {}): string {
  const attrs: Record<string, string> = { 'data-site': o.site ?? world.server.siteKey, ...(o.group ? { 'data-group': o.group } : {}), ...o.attrs };
  const list = Object.entries(attrs).map(([k, v]) => `${k}="${v}"`).join(' ');
  const nonce = o.nonce ? ` nonce="${o.nonce}"` : '';
  return world.host.page({
    headers: o.headers,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${o.head ?? ''}</head>
<body><h1>A shop</h1><p>Products and prices.</p>${o.extra ?? ''}
<script src="${world.server.url}/widget.js" ${list}${nonce} async></script></body></html>`,
  });
}

/** Uncaught errors seen in each page: the widget must never add to them. */
export const pageErrors = new WeakMap<Page, string[]>();

export async function openPage(world: WidgetWorld, url: string, ctx: { locale?: string; timezoneId?: string } = {}): Promise<Page> {
  const context = await world.browser.newContext({ locale: ctx.locale ?? 'en-GB', timezoneId: ctx.timezoneId ?? 'Europe/Prague', viewport: { width: 800, height: 500 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  return page;
}

/** `data-state` of the n-th badge on the page: loading | online | offline | hidden. */
export async function expectBadge(page: Page, state: string, opts: { nth?: number; timeout?: number; text?: RegExp } = {}): Promise<void> {
  const badge = page.locator('agent-presence-badge').nth(opts.nth ?? 0);
  await expect.poll(() => badge.getAttribute('data-state'), { timeout: opts.timeout ?? 10_000, interval: 50 }).toBe(state);
  if (opts.text) await expect.poll(() => badge.locator('button').innerText(), { timeout: 2_000 }).toMatch(opts.text);
}

export async function screenshotBadge(page: Page, name: string): Promise<string> {
  await mkdir('test-output', { recursive: true });
  const box = await page.locator('agent-presence-badge button').first().boundingBox();
  if (!box) throw new Error('badge not visible');
  const path = join('test-output', `${name}.png`);
  const m = 24;
  await page.screenshot({ path, clip: { x: Math.max(0, box.x - m), y: Math.max(0, box.y - m), width: box.width + 2 * m, height: box.height + 2 * m } });
  return path;
}

/**
 * Copies a screenshot into docs/ when it is missing or UPDATE_SCREENSHOTS is set, so an ordinary
 * test run never dirties committed files (the office-hours one shows a different time every run).
 */
export async function publishScreenshot(path: string, docName: string): Promise<void> {
  const target = join('docs', docName);
  if (existsSync(target) && !process.env.UPDATE_SCREENSHOTS) return;
  await mkdir('docs', { recursive: true });
  await copyFile(path, target);
}

/** A signed-in agent device built on the shared client core (the tray's engine). */
export function agentDevice(server: TestServer, agent: TestAgent): Promise<PresenceClient> {
  return connectedClient(server.url, agent.token, { device: { kind: 'cli', name: 'widget-test' } });
}

/** Admin-side HTTP call against the backend. */
export async function api(server: TestServer, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
