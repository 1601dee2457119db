// The settings window under the app's conditions, in real Chromium: the renderer bundle is served
// by the app's own protocol handler (the one the real wiring registered for app://, with exactly
// the headers it sends, CSP included) from an origin that is not the backend's, and a stand-in for
// the preload bridge sends every invoke to the real main-process IPC handlers (sender check and
// schemas included) and delivers main's pushes and reloads to the page. What differs from Electron:
// the page's origin is http://127.0.0.2:PORT instead of app://renderer (the harness maps one to the
// other for the handler and the IPC sender check), and the bridge is not Electron's contextBridge.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../src/common/ipc-contract.js';
import type { FakeElectron } from '../unit/main-fakes.js';

const APP_ORIGIN = 'app://renderer';

export interface AppWindow {
  page: Page;
  context: BrowserContext;
  /** The origin the renderer is served from (stands in for app://renderer). */
  origin: string;
  /** Every response the protocol handler gave for the app shell, with its CSP. */
  shellCsps: string[];
  errors: string[];
  close(): Promise<void>;
}

/** Runs in the page before its scripts: window.agentPresence as the preload defines it. */
function installStandInBridge(platform: string): void {
  const w = window as unknown as Record<string, unknown>;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  w.__apDeliver = (name: string, payload: unknown) => { listeners.get(name)?.forEach((l) => l(payload)); };
  w.agentPresence = {
    platform,
    invoke: (channel: string, payload: unknown) => (w.__apInvoke as (c: string, p: unknown) => Promise<unknown>)(channel, payload),
    onEvent(name: string, listener: (p: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => { set.delete(listener); };
    },
  };
}

const toApp = (url: string, origin: string): string => (url.startsWith(origin) ? APP_ORIGIN + url.slice(origin.length) : url);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function openAppWindow(browser: Browser, fake: FakeElectron): Promise<AppWindow> {
  const handler = fake.protocol.handlers.get('app');
  if (!handler) throw new Error('the wiring registered no app:// protocol handler');
  let origin = '';
  const shellCsps: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, k === 'origin' ? toApp(v, origin) : v);
      const request = new Request(toApp(origin + (req.url ?? '/'), origin), {
        method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const answer = await handler(request);
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => { out[k] = v; });
      if ((out['content-type'] ?? '').startsWith('text/html')) shellCsps.push(out['content-security-policy'] ?? '');
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err: unknown) => { res.writeHead(500).end(String(err)); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  origin = `http://127.0.0.2:${(server.address() as AddressInfo).port}`;

  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, locale: 'en-GB', timezoneId: 'Europe/Prague' });
  await context.exposeBinding('__apInvoke', async (source, channel: string, payload: unknown) => {
    const h = fake.ipcMain.handlers.get(IPC_INVOKE_PREFIX + channel);
    if (!h) return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${channel}` } };
    const frame = source.frame;
    return h({ senderFrame: { url: toApp(frame.url(), origin), parent: frame.parentFrame() ? {} : null } }, ...(payload === undefined ? [] : [payload]));
  });
  await context.addInitScript(installStandInBridge, fake.platform);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const win = fake.window();
  win.webContents.on('test:send', (channel: string, payload: unknown) => {
    if (!channel.startsWith(IPC_EVENT_PREFIX)) return;
    void page.evaluate(([c, p]) => (window as unknown as { __apDeliver(c: string, p: unknown): void }).__apDeliver(c, p), [channel.slice(IPC_EVENT_PREFIX.length), payload] as const).catch(() => {});
  });
  win.webContents.on('test:reload', () => { void page.reload().catch(() => {}); });
  await page.goto(`${origin}/index.html`);
  return {
    page, context, origin, shellCsps, errors,
    async close() {
      await context.close().catch(() => {});
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    },
  };
}
