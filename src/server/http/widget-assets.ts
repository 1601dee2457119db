import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

export interface WidgetAssetsOptions {
  /** The built script (`dist/widget/widget.js`, see scripts/build-widget.ts). */
  widgetJsPath: string;
  /**
   * Names of a site's groups, for the demo page's labels; null for an unknown site. Only groups the
   * URL already names (by id) are shown, so the page reveals nothing a visitor could not embed.
   */
  groupNames?: (siteKey: string) => Promise<ReadonlyMap<string, string> | null>;
}

interface CachedScript {
  key: string;
  etag: string;
  body: Buffer;
  gzip: Buffer;
}

/** Site keys and group ids are opaque ids; anything else is not worth embedding in a page. */
const ID = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_DEMO_GROUPS = 20;

/**
 * Public assets of the website widget (SPEC 4.2): `GET /widget.js`, embeddable from any origin,
 * and `GET /demo/widget`, a page that shows the badge for a site and its groups.
 */
export async function widgetAssetsRoutes(app: FastifyInstance, opts: WidgetAssetsOptions): Promise<void> {
  let cached: CachedScript | null = null;

  // Re-read only when the file changes (a rebuild while the server runs), hashing once per build.
  async function load(): Promise<CachedScript | null> {
    let key: string;
    try {
      const st = await stat(opts.widgetJsPath);
      key = `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
    if (cached?.key === key) return cached;
    const body = await readFile(opts.widgetJsPath);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    cached = { key, etag, body, gzip: gzipSync(body, { level: 9 }) };
    return cached;
  }

  app.get('/widget.js', async (request: FastifyRequest, reply: FastifyReply) => {
    const script = await load();
    if (!script) {
      return reply.code(503).send({ error: { code: 'widget_not_built', message: 'widget.js is not built: run `npx tsx scripts/build-widget.ts`' } });
    }
    reply
      .header('Content-Type', 'text/javascript; charset=utf-8')
      // Short enough that a new release reaches every site within minutes, long enough to spare the server.
      .header('Cache-Control', 'public, max-age=300')
      .header('ETag', script.etag)
      .header('Vary', 'Accept-Encoding')
      .header('Access-Control-Allow-Origin', '*')
      // Sites with COEP `require-corp` can only load cross-origin scripts that opt in.
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .header('X-Content-Type-Options', 'nosniff');
    if (etagMatches(request.headers['if-none-match'], script.etag)) return reply.code(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('Content-Encoding', 'gzip').send(script.gzip);
    }
    return reply.send(script.body);
  });

  app.get('/demo/widget', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const site = query.site;
    const groups = query.group === undefined ? [] : Array.isArray(query.group) ? query.group : [query.group];
    if (typeof site !== 'string' || !ID.test(site)) {
      return reply.code(400).send({ error: { code: 'bad_request', message: 'site: pass the account siteKey as ?site=SITEKEY' } });
    }
    if (groups.length > MAX_DEMO_GROUPS || !groups.every((g) => ID.test(g))) {
      return reply.code(400).send({ error: { code: 'bad_request', message: `group: up to ${MAX_DEMO_GROUPS} group ids, letters, digits, _ and -` } });
    }
    const nonce = randomBytes(16).toString('base64');
    const origin = `${request.protocol}://${request.host}`;
    reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      // The demo is itself a strict-CSP host page: the widget needs nothing beyond 'self'.
      .header('Content-Security-Policy', [
        "default-src 'self'", "script-src 'self'", `style-src 'self' 'nonce-${nonce}'`, "connect-src 'self'",
        "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
      ].join('; '))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer');
    const names = (await opts.groupNames?.(site)) ?? null;
    return reply.send(demoPage({ site, groups: groups.map((id) => ({ id, name: names?.get(id) ?? null })), origin, nonce }));
  });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => { const v = t.trim(); return v === '*' || v === etag || v === `W/${etag}`; });
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function demoPage(p: { site: string; groups: { id: string; name: string | null }[]; origin: string; nonce: string }): string {
  const site = escapeHtml(p.site);
  const snippet = escapeHtml(`<script src="${p.origin}/widget.js" data-site="${p.site}" async></script>`);
  const groupRows = p.groups.map((g) => {
    const id = escapeHtml(g.id);
    // The name is what a person recognises; the id is what the snippet needs (data-group).
    const label = g.name === null ? `<span class="name">Unknown group</span> <code>${id}</code>` : `<span class="name">${escapeHtml(g.name)}</span> <code>${id}</code>`;
    return `<li><span class="label">${label}</span> <script src="/widget.js" data-site="${site}" data-group="${id}" data-position="inline" async></script></li>`;
  }).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Agent Presence: widget demo</title>
  <style nonce="${p.nonce}">
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
    pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; border-radius: 6px; }
    li { margin: .5rem 0; list-style: none; display: flex; align-items: center; gap: 1rem; }
    ul { padding: 0; }
    .label { min-width: 14rem; }
    .name { font-weight: 600; margin-right: .5rem; }
    code { color: #59636e; font-size: .85em; }
  </style>
</head>
<body>
  <h1>Widget demo</h1>
  <p>This page embeds the chat box status of site <code>${site}</code> the way a website would.
  The badge in the corner follows the whole website; switch an agent online or offline in the dashboard and watch it change.</p>
  <h2>Snippet</h2>
  <pre><code>${snippet}</code></pre>
  ${p.groups.length ? `<h2>Groups</h2>
  <p>Each badge follows one group: its members plus agents who belong to no group.</p>
  <ul>
      ${groupRows}
  </ul>` : ''}
  <script src="/widget.js" data-site="${site}" async></script>
</body>
</html>
`;
}
