// The window's HTTP API calls, forwarded by main (SPEC 6). The page calls its own origin
// (app://renderer/api/v1/…); main sends the call to the server in use with the bearer token it
// holds, through net.fetch (Chromium's network stack, so the system proxy applies; Electron
// docs/api/net.md, `net.fetch`). The page is never cross-origin with the backend and never holds
// the token. Answers keep the server's status and JSON body, so the renderer's PresenceApi sees
// exactly what it would see talking to the server directly.
import { DESKTOP_TIMINGS } from '../common/timings.js';

export interface ApiTarget {
  serverUrl: string;
  token: string | null;
}

export type ForwardFetch = (url: string, init: RequestInit) => Promise<Response>;

const MAX_BODY_BYTES = 1024 * 1024;

function apiError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

function describe(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError') return `no answer within ${DESKTOP_TIMINGS.apiForwardTimeoutMs / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/**
 * Forwards one request whose path starts with /api/. `origin` is the window's own origin: a
 * request that carries another Origin (some other page) is refused.
 */
export async function forwardApiRequest(request: Request, origin: string, target: ApiTarget | null, fetchImpl: ForwardFetch): Promise<Response> {
  const from = request.headers.get('origin');
  if (from !== null && from !== origin) return apiError(403, 'forbidden', 'Only the app window may call the API.');
  if (!target) return apiError(401, 'unauthorized', 'Not signed in.');
  const url = new URL(request.url);
  const headers: Record<string, string> = { accept: request.headers.get('accept') ?? 'application/json' };
  const type = request.headers.get('content-type');
  if (type) headers['content-type'] = type;
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  let body: ArrayBuffer | undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    body = await request.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) return apiError(413, 'too_large', 'The request is too large.');
  }
  const upstream = `${target.serverUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
  let res: Response;
  try {
    // redirect 'error': a redirect could carry the token's request somewhere else.
    res = await fetchImpl(upstream, { method: request.method, headers, body, redirect: 'error', signal: AbortSignal.timeout(DESKTOP_TIMINGS.apiForwardTimeoutMs) });
  } catch (err) {
    return apiError(502, 'network', `Cannot reach ${target.serverUrl}: ${describe(err)}`);
  }
  const out = new Headers({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  const resType = res.headers.get('content-type');
  if (resType) out.set('Content-Type', resType);
  const payload = res.status === 204 || res.status === 304 ? null : await res.arrayBuffer();
  return new Response(payload, { status: res.status, headers: out });
}
