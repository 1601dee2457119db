import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** System Chromium (Debian's `chromium` package); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when a real browser is available; browser suites use it with `describe.skipIf(!hasBrowser())`. */
export function hasBrowser(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  // CI must never pass by silently skipping the browser suites.
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  console.warn(`\n*** SKIPPING browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium) ***\n`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: guard the suite with describe.skipIf(!hasBrowser())`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

export interface HostServer {
  /** Origin of the host site, e.g. http://127.0.0.2:41234 — a different origin from the backend. */
  origin: string;
  /** Serves `page` at a fresh path and returns its absolute URL. */
  page(page: HostPage): string;
  close(): Promise<void>;
}

/**
 * A stand-in for a customer's website: a bare node:http server on another loopback address, so
 * the widget is embedded cross-origin exactly as in production.
 */
export async function startHostServer(host = '127.0.0.2'): Promise<HostServer> {
  const { createServer } = await import('node:http');
  const pages = new Map<string, HostPage>();
  let next = 0;
  const server = createServer((req, res) => {
    const page = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!page) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page.headers });
    res.end(page.html);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, host, resolve); });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    page(page) {
      const path = `/page-${++next}`;
      pages.set(path, page);
      return origin + path;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
