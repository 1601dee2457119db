// Real PresenceClients (ws + fetch) for integration tests against the real server on loopback.
import WebSocket from 'ws';
import { PresenceClient } from '../../src/client/presence-client.js';
import type { ClientSnapshot, PresenceClientOptions, WebSocketConstructor } from '../../src/client/types.js';
import { MemoryCredentials } from '../helpers/memory-credentials.js';

let n = 0;

export function realClient(serverUrl: string, token: string, over: Partial<PresenceClientOptions> = {}): PresenceClient {
  const deviceId = `itest-${process.pid}-${Date.now()}-${n++}`;
  return new PresenceClient({
    serverUrl,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    fetch: globalThis.fetch,
    credentials: new MemoryCredentials({ token, deviceId }),
    device: { kind: 'desktop', name: 'integration test' },
    ...over,
  });
}

/** A started client of `token`, resolved once it is connected: another device of that agent. */
export async function connectedClient(serverUrl: string, token: string, over: Partial<PresenceClientOptions> = {}): Promise<PresenceClient> {
  const client = realClient(serverUrl, token, over);
  await client.start();
  await client.waitFor(connected, 10_000);
  return client;
}

export function connected(s: ClientSnapshot): boolean {
  return s.connection === 'connected';
}

/** Records every version a client shows, to check they never go backwards. */
export function recordVersions(client: PresenceClient): number[] {
  const versions: number[] = [];
  client.subscribe((s) => { if (s.status && versions.at(-1) !== s.status.version) versions.push(s.status.version); });
  return versions;
}

export function isMonotonic(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x >= xs[i - 1]!);
}
