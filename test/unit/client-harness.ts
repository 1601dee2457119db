// Builds a PresenceClient wired to the fakes, with helpers to walk it to a connected state.
import { PresenceClient } from '../../src/client/presence-client.js';
import type { PresenceClientOptions, WebSocketConstructor } from '../../src/client/types.js';
import { SettlingClock } from '../helpers/manual-clock.js';
import { MemoryCredentials } from '../helpers/memory-credentials.js';
import { FakeSocket, flush, welcome } from './client-fakes.js';

export interface Harness {
  client: PresenceClient;
  clock: SettlingClock;
  store: MemoryCredentials;
  fetchCalls: Array<{ url: string; init: RequestInit }>;
  /** Opens the newest socket and sends welcome. */
  connect(version?: number, heartbeatMs?: number): Promise<FakeSocket>;
}

export function harness(over: Partial<PresenceClientOptions> & { fetchImpl?: (url: string, init: RequestInit) => Promise<Response>; Socket?: typeof FakeSocket } = {}): Harness {
  FakeSocket.reset();
  const clock = new SettlingClock(1_700_000_000_000);
  const store = (over.credentials as MemoryCredentials | undefined) ?? new MemoryCredentials();
  const fetchCalls: Harness['fetchCalls'] = [];
  const fetchImpl = over.fetchImpl ?? (async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
  const fakeFetch = (async (url: string, init: RequestInit) => { fetchCalls.push({ url, init }); return fetchImpl(url, init); }) as unknown as typeof fetch;
  const client = new PresenceClient({
    serverUrl: 'http://127.0.0.1:9',
    WebSocket: (over.Socket ?? FakeSocket) as unknown as WebSocketConstructor,
    fetch: fakeFetch,
    credentials: store,
    device: { kind: 'desktop', name: 'test' },
    clock,
    random: () => 0.5,
    ...over,
  });
  return {
    client, clock, store, fetchCalls,
    async connect(version = 1, heartbeatMs = 25_000) {
      await flush();
      const s = FakeSocket.last();
      s.open();
      s.deliver(welcome(version, 'online', heartbeatMs));
      await flush();
      return s;
    },
  };
}
