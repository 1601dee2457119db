// A plain HTTP call for tests. Its own module: the cluster conformance suite mocks server.ts, and
// cluster.ts must not import that mocked module while the mock is being built.
import { contractFor } from './contract.js';

/**
 * One HTTP call with an optional bearer token and JSON body; the body comes back parsed when it is
 * JSON. Every response is checked against the server's OpenAPI document (test/helpers/contract.ts):
 * an undocumented status or a body that does not match its schema throws.
 */
export async function callApi(baseUrl: string, method: string, path: string, o: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const contract = await contractFor(baseUrl);
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  contract?.check(method, path, { status: res.status, contentType: res.headers.get('content-type') ?? '', text });
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body };
}
