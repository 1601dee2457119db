// The API description (SPEC 12): `GET /api/v1/openapi.json`, built once from every route described
// with `route()`, and a browsable reference at `/api/docs` (Swagger UI from the swagger-ui-dist
// package, served by this server: no CDN, no inline script, so the dashboard's CSP applies as is).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { buildOpenApiDocument } from './openapi.js';
import { route, routeSpecs } from './route-spec.js';

const uiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files served from the package, with their types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Our own start script, a file rather than inline so `script-src 'self'` holds. The validator badge
// is off: it would send the document to a third-party service.
const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout', persistAuthorization: false });
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Agent Presence API reference</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

interface Asset { type: string; body: Buffer; gzip: Buffer }

export function docsRoutes(app: FastifyInstance): void {
  let document: string | null = null;
  const assets = new Map<string, Promise<Asset>>();
  const load = (name: string, type: string): Promise<Asset> => {
    let p = assets.get(name);
    if (!p) {
      p = readFile(join(uiDir, name)).then((body) => ({ type, body, gzip: gzipSync(body) }));
      p.catch(() => assets.delete(name));
      assets.set(name, p);
    }
    return p;
  };

  route(app, {
    method: 'GET', path: '/api/v1/openapi.json', operationId: 'getOpenApiDocument', tag: 'meta', access: 'public',
    summary: 'This document (OpenAPI 3.1)', responses: { 200: { description: 'The OpenAPI document.', schema: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) } },
  }, async (_request, reply) => {
    // Built on first use: by then every route of the app has been registered.
    document ??= JSON.stringify(buildOpenApiDocument(routeSpecs(app)));
    return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(document);
  });

  app.get('/api/docs', async (_request, reply) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE));
  app.get('/api/docs/init.js', async (_request, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(INIT_JS));
  app.get('/api/docs/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return reply.code(404).send({ error: { code: 'not_found', message: `no file ${file} in the API reference` } });
    const asset = await load(file, type);
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=86400').header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(acceptEncoding(request.headers['accept-encoding']))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}

const acceptEncoding = (h: string | string[] | undefined): string => (Array.isArray(h) ? h.join(',') : h ?? '');
