// Typed calls for the REST API of SPEC 4.3, used by the client core, the CLI and the dashboard.
// Every non-2xx answer becomes a PresenceClientError carrying the server's {error:{code,message}}.
import type { z } from 'zod';
import { agentSelfSchema, widgetStatusSchema, type AgentSelf, type Reason, type Status, type WidgetStatus } from '../common/protocol.js';
import { apiErrorSchema, groupListSchema, loginResponseSchema, presenceViewSchema, type GroupView, type LoginResponse, type PresenceView } from '../common/http-schemas.js';
import { PresenceClientError } from './errors.js';

export interface ApiOptions {
  serverUrl: string;
  fetch: typeof fetch;
  /** Read on every call so a login or logout elsewhere is seen at once. */
  token?: () => string | null;
  /** Default per-request timeout; a hung server must never hang a CLI or a quit. */
  timeoutMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  token?: string | null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function apiBase(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/api/v1`;
}

export class PresenceApi {
  constructor(private readonly opts: ApiOptions) {}

  async request<T = unknown>(method: Method, path: string, body?: unknown, ro: RequestOptions = {}, schema?: z.ZodType<T>): Promise<T> {
    const timeoutMs = ro.timeoutMs ?? this.opts.timeoutMs ?? 10_000;
    const ctrl = new AbortController();
    const onOuterAbort = (): void => ctrl.abort();
    ro.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (ro.signal?.aborted) ctrl.abort();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    const token = ro.token !== undefined ? ro.token : this.opts.token?.() ?? null;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    let text: string;
    try {
      res = await this.opts.fetch(`${apiBase(this.opts.serverUrl)}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: ctrl.signal,
      });
      text = await res.text();
    } catch (cause) {
      const timedOut = ctrl.signal.aborted && !ro.signal?.aborted;
      throw timedOut
        ? new PresenceClientError('timeout', `No answer from ${this.opts.serverUrl} within ${timeoutMs} ms.`, { cause })
        : new PresenceClientError('network', `Cannot reach ${this.opts.serverUrl}: ${describeCause(cause)}`, { cause });
    } finally {
      clearTimeout(timer);
      ro.signal?.removeEventListener('abort', onOuterAbort);
    }
    const json = parseJson(text);
    if (!res.ok) {
      const parsed = apiErrorSchema.safeParse(json);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new PresenceClientError(code, message, { status: res.status, details });
      }
      throw new PresenceClientError(res.status === 401 ? 'unauthorized' : 'http_error', `HTTP ${res.status} from ${method} ${path}`, { status: res.status });
    }
    if (!schema) return json as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new PresenceClientError('bad_response', `Unexpected answer to ${method} ${path}: ${parsed.error.message}`);
    return parsed.data;
  }

  get<T = unknown>(path: string, ro?: RequestOptions, schema?: z.ZodType<T>): Promise<T> { return this.request('GET', path, undefined, ro, schema); }
  post<T = unknown>(path: string, body?: unknown, ro?: RequestOptions, schema?: z.ZodType<T>): Promise<T> { return this.request('POST', path, body, ro, schema); }
  put<T = unknown>(path: string, body?: unknown, ro?: RequestOptions, schema?: z.ZodType<T>): Promise<T> { return this.request('PUT', path, body, ro, schema); }
  patch<T = unknown>(path: string, body?: unknown, ro?: RequestOptions, schema?: z.ZodType<T>): Promise<T> { return this.request('PATCH', path, body, ro, schema); }
  del<T = unknown>(path: string, ro?: RequestOptions, schema?: z.ZodType<T>): Promise<T> { return this.request('DELETE', path, undefined, ro, schema); }

  login(email: string, password: string, ro?: RequestOptions): Promise<LoginResponse> {
    return this.post('/auth/login', { email, password }, { ...ro, token: null }, loginResponseSchema);
  }

  async logout(ro?: RequestOptions): Promise<void> {
    await this.post('/auth/logout', undefined, ro);
  }

  /** `GET /me`: the signed-in agent. Extra fields the server adds (status, ...) are kept. */
  me(ro?: RequestOptions): Promise<AgentSelf & Record<string, unknown>> {
    return this.get('/me', ro, agentSelfSchema.loose()) as Promise<AgentSelf & Record<string, unknown>>;
  }

  presence(ro?: RequestOptions): Promise<PresenceView> {
    return this.get('/presence', ro, presenceViewSchema);
  }

  async groups(ro?: RequestOptions): Promise<GroupView[]> {
    return (await this.get('/groups', ro, groupListSchema)).groups;
  }

  /** `until`: a timed status (SPEC 11), ISO 8601. */
  setMyStatus(status: Status, reason?: Reason, ro?: RequestOptions, until?: string): Promise<unknown> {
    return this.put('/agents/me/status', { status, ...(reason ? { reason } : {}), ...(until ? { until } : {}) }, ro);
  }

  widgetStatus(siteKey: string, group?: string, ro?: RequestOptions): Promise<WidgetStatus> {
    const q = group ? `?group=${encodeURIComponent(group)}` : '';
    return this.get(`/widget/${encodeURIComponent(siteKey)}/status${q}`, { ...ro, token: null }, widgetStatusSchema);
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return text; }
}

function describeCause(cause: unknown): string {
  // Node's fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const inner = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (inner?.code) return inner.code;
  if (inner?.message) return inner.message;
  return cause instanceof Error ? cause.message : String(cause);
}
