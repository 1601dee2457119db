import { describe, expect, it } from 'vitest';
import { PresenceClient } from '../../src/client/presence-client.js';
import type { WebSocketConstructor } from '../../src/client/types.js';
import { MemoryCredentials } from '../helpers/memory-credentials.js';
import { FakeSocket, flush } from './client-fakes.js';
import { harness } from './client-harness.js';

const hang = (_url: string, init: RequestInit) => new Promise<Response>((_, reject) => {
  init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
});

describe('SPEC 6 quit path: goOfflineAndClose', () => {
  it('sets offline over the socket, waits for the ack, then bye + close 1000', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect(2);
    const done = h.client.goOfflineAndClose();
    const set = s.sent.at(-1)!;
    expect(set).toMatchObject({ type: 'status.set', status: 'offline', reason: 'quit' });
    s.deliver({ type: 'ack', seq: set.seq, version: 3 });
    await expect(done).resolves.toEqual({ via: 'socket' });
    expect(s.types().slice(-1)).toEqual(['bye']);
    expect(s.closedWith?.code).toBe(1000);
    expect(h.client.getSnapshot().connection).toBe('closed');
    expect(h.fetchCalls).toHaveLength(0);
  });

  it('falls back to PUT /agents/me/status when the socket is down', async () => {
    const h = harness();
    await h.client.start();
    await h.connect();
    FakeSocket.last().drop(1006);
    await flush();
    const res = await h.client.goOfflineAndClose({ reason: 'logout' });
    expect(res).toEqual({ via: 'http' });
    const call = h.fetchCalls[0]!;
    expect(call.url).toBe('http://127.0.0.1:9/api/v1/agents/me/status');
    expect(call.init.method).toBe('PUT');
    expect(JSON.parse(String(call.init.body))).toEqual({ status: 'offline', reason: 'logout' });
    expect((call.init.headers as Record<string, string>).authorization).toBe('Bearer tok-1');
    await h.clock.advance(60_000);
    expect(FakeSocket.instances).toHaveLength(1); // no reconnect after a quit
  });

  it('also tries HTTP when an open socket has not acked by half the budget', async () => {
    const h = harness();
    await h.client.start();
    await h.connect();
    const done = h.client.goOfflineAndClose({ timeoutMs: 1_000 });
    // 50 ms of the budget are kept for bye and the close frame: the race has 950, half is 475.
    await h.clock.advance(474);
    expect(h.fetchCalls).toHaveLength(0);
    await h.clock.advance(1);
    await expect(done).resolves.toEqual({ via: 'http' });
  });

  it('resolves "none" at the deadline when everything is black-holed, and aborts the request', async () => {
    const h = harness({ fetchImpl: hang });
    await h.client.start();
    await h.connect();
    const t0 = h.clock.now();
    let result: unknown = null;
    void h.client.goOfflineAndClose({ timeoutMs: 1_000 }).then((r) => { result = r; });
    await h.clock.advance(949);
    expect(result).toBeNull();
    await h.clock.advance(1);
    await h.clock.advance(50);
    expect(result).toEqual({ via: 'none' });
    expect(h.clock.now() - t0).toBeLessThanOrEqual(1_000);
    expect(h.fetchCalls[0]!.init.signal?.aborted).toBe(true);
  });

  it('returns within timeoutMs + 100 ms on the real clock when the server never answers', async () => {
    const store = new MemoryCredentials();
    const client = new PresenceClient({
      serverUrl: 'http://127.0.0.1:9', WebSocket: FakeSocket as unknown as WebSocketConstructor,
      fetch: hang as unknown as typeof fetch, credentials: store, device: { kind: 'cli' },
    });
    await client.start();
    FakeSocket.last().open(); // open but never welcomed: the socket path is unusable
    const t0 = performance.now();
    const res = await client.goOfflineAndClose({ timeoutMs: 1_000 });
    const took = performance.now() - t0;
    expect(res.via).toBe('none');
    expect(took).toBeLessThan(1_100);
  });

  it('signOffThisDevice sends only bye + close 1000', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect();
    await h.client.signOffThisDevice();
    expect(s.types()).toEqual(['hello', 'bye']);
    expect(s.closedWith?.code).toBe(1000);
    expect(h.client.getSnapshot().connection).toBe('closed');
  });
});
