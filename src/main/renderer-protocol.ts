// Serves the built renderer under app://renderer/ instead of file:// (Electron checklist: a custom
// protocol gives the page a real origin to check IPC senders against and a place to set the CSP
// header, which webRequest does not see for file:// pages).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

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
<h1>Agent Presence</h1><p>The dashboard has not been built (renderer/dist is missing). Run <code>npm run build:renderer</code>.</p>`;

export function rendererProtocolHandler(rootDir: string, csp: () => string, host: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    const headers = (type: string): Record<string, string> => ({
      'Content-Type': type,
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    let url: URL;
    try { url = new URL(request.url); } catch { return new Response('bad request', { status: 400 }); }
    if (url.host !== host) return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    // Refuse anything that resolves outside the renderer folder (../, encoded slashes, absolute paths).
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: headers(types[path.extname(file)] ?? 'application/octet-stream') });
    } catch {
      if (rel === 'index.html') return new Response(FALLBACK_PAGE, { status: 200, headers: headers(types['.html']!) });
      // Client-side routes fall back to the app shell.
      if (!path.extname(rel)) return (await rendererProtocolHandler(rootDir, csp, host)(new Request(`${url.protocol}//${host}/index.html`)));
      return new Response('not found', { status: 404 });
    }
  };
}
