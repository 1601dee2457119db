// Serves the built renderer under app://renderer/ instead of file:// (Electron checklist: a custom
// protocol gives the page a real origin to check IPC senders against and a place to set the CSP
// header, which webRequest does not see for file:// pages), and forwards the page's API calls
// (app://renderer/api/…) to the server in use (api-forwarder.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { forwardApiRequest, isApiPath, type ApiTarget, type ForwardFetch } from './api-forwarder.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const FALLBACK_PAGE = `<!doctype html><meta charset="utf-8"><title>Agent Presence</title>
<h1>Agent Presence</h1><p>The dashboard has not been built (renderer/dist is missing). Run <code>npm run build</code>.</p>`;

export interface RendererProtocolOptions {
  rootDir: string;
  /** The window's origin, e.g. app://renderer. */
  origin: string;
  /** The CSP of every page, computed when the page is served (it names the server in use). */
  csp: () => string;
  /** The server in use and its token, read per API call; null while signed out. */
  apiTarget: () => ApiTarget | null;
  /** net.fetch in the app; the global fetch in tests. */
  fetch: ForwardFetch;
  /** Called whenever the app shell (index.html) is served, so the wiring knows which CSP the window has. */
  onShellServed?: () => void;
}

export function rendererProtocolHandler(opts: RendererProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(opts.rootDir);
  const host = new URL(opts.origin).host;
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': opts.csp(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  const shell = async (): Promise<Response> => {
    opts.onShellServed?.();
    try {
      return new Response(new Uint8Array(await readFile(path.join(root, 'index.html'))), { status: 200, headers: headers(types['.html']!) });
    } catch {
      return new Response(FALLBACK_PAGE, { status: 200, headers: headers(types['.html']!) });
    }
  };
  return async (request) => {
    let url: URL;
    try { url = new URL(request.url); } catch { return new Response('bad request', { status: 400 }); }
    if (url.host !== host) return new Response('not found', { status: 404 });
    if (isApiPath(url.pathname)) return forwardApiRequest(request, opts.origin, opts.apiTarget(), opts.fetch);
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    if (rel === 'index.html') return shell();
    const file = path.resolve(root, rel);
    // Refuse anything that resolves outside the renderer folder (../, encoded slashes, absolute paths).
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: headers(types[path.extname(file)] ?? 'application/octet-stream') });
    } catch {
      // Client-side routes fall back to the app shell.
      return path.extname(rel) ? new Response('not found', { status: 404 }) : shell();
    }
  };
}
