import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { widgetAssetsRoutes } from '../../src/server/http/widget-assets.js';

let dir: string;
let app: FastifyInstance;
const script = '"use strict";(()=>{console.log("widget")})();\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'widget-assets-'));
  await writeFile(join(dir, 'widget.js'), script);
  app = Fastify();
  await app.register(widgetAssetsRoutes, { widgetJsPath: join(dir, 'widget.js') });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SPEC 4.2 GET /widget.js: the embeddable script, loadable from any site', () => {
  it('serves JavaScript with a short public cache, an ETag, open CORS and CORP cross-origin', async () => {
    const res = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(res.body).toBe(script);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.inject({ method: 'GET', url: '/widget.js' });
    const again = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': `W/${first.headers.etag as string}, "other"` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('gzips for clients that accept it', async () => {
    const res = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(script);
  });

  it('picks up a rebuilt file with a new ETag', async () => {
    const before = await app.inject({ method: 'GET', url: '/widget.js' });
    await writeFile(join(dir, 'widget.js'), `${script}// v2\n`);
    const after = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(after.body.endsWith('// v2\n')).toBe(true);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('says how to fix a missing build instead of a bare 404', async () => {
    const other = Fastify();
    await other.register(widgetAssetsRoutes, { widgetJsPath: join(dir, 'missing.js') });
    const res = await other.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('widget_not_built');
    await other.close();
  });
});

describe('issue 8 GET /demo/widget: a demo page embedding the widget for a site and its groups', () => {
  it('embeds the site badge and one inline badge per group under a self-only CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/demo/widget?site=site_ABC&group=g1&group=g-2', headers: { host: 'presence.test:8080' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`<style nonce="${nonce}">`);
    expect(res.body).toContain('<script src="/widget.js" data-site="site_ABC" async></script>');
    expect(res.body).toContain('data-site="site_ABC" data-group="g1" data-position="inline"');
    expect(res.body).toContain('data-group="g-2"');
    expect(res.body).toContain('&lt;script src=&quot;http://presence.test:8080/widget.js&quot; data-site=&quot;site_ABC&quot; async&gt;');
    // No inline script: the page works under its own CSP.
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('uses a fresh nonce per response', async () => {
    const a = await app.inject({ method: 'GET', url: '/demo/widget?site=s1' });
    const b = await app.inject({ method: 'GET', url: '/demo/widget?site=s1' });
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
  });

  it('rejects missing or malformed ids with 400 naming the field', async () => {
    for (const url of ['/demo/widget', '/demo/widget?site=', '/demo/widget?site=%3Cscript%3E', '/demo/widget?site=ok&group=%22x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message).toMatch(/^(site|group):/);
    }
  });
});
