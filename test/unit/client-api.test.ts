import { describe, expect, it } from 'vitest';
import { PresenceApi } from '../../src/client/api.js';
import { PresenceClientError } from '../../src/client/errors.js';

function api(respond: (url: string, init: RequestInit) => Promise<Response>, token: string | null = 't') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const f = (async (url: string, init: RequestInit) => { calls.push({ url, init }); return respond(url, init); }) as unknown as typeof fetch;
  return { api: new PresenceApi({ serverUrl: 'http://h:1/', fetch: f, token: () => token }), calls };
}
const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('SPEC 4.3: REST helper', () => {
  it('turns {error:{code,message}} into a PresenceClientError with the HTTP status', async () => {
    const { api: a } = api(json(401, { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } }));
    const err = await a.login('a@b.c', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PresenceClientError);
    expect(err).toMatchObject({ code: 'invalid_credentials', status: 401, message: 'Wrong email or password.' });
  });

  it('reports an unreachable server as code "network"', async () => {
    const { api: a } = api(async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); });
    await expect(a.presence()).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('reports a hung server as code "timeout"', async () => {
    const { api: a } = api((_u, init) => new Promise((_, rej) => init.signal?.addEventListener('abort', () => rej(new Error('aborted')))));
    await expect(a.get('/me', { timeoutMs: 20 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('sends the bearer token, JSON bodies and the documented paths', async () => {
    const { api: a, calls } = api(json(200, {}));
    await a.setMyStatus('away', 'manual');
    await a.widgetStatus('site key', 'g/1').catch(() => undefined);
    expect(calls[0]!.url).toBe('http://h:1/api/v1/agents/me/status');
    expect(calls[0]!.init).toMatchObject({ method: 'PUT', body: '{"status":"away","reason":"manual"}' });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer t');
    expect(calls[1]!.url).toBe('http://h:1/api/v1/widget/site%20key/status?group=g%2F1');
    // The public widget status never carries an agent's token.
    expect((calls[1]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('rejects answers that do not match the shared schemas', async () => {
    const { api: a } = api(json(200, { agents: 'nope' }));
    await expect(a.presence()).rejects.toMatchObject({ code: 'bad_response' });
  });
});
