// A typed client for the Agent Presence HTTP API: openapi-fetch over the generated types.
//   const api = createPresenceClient('https://presence.example.com', token);
//   const { data, error } = await api.GET('/api/v1/presence');
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './presence-api.js';

export type PresenceClient = Client<paths>;

export function createPresenceClient(baseUrl: string, token?: string): PresenceClient {
  return createClient<paths>({ baseUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });
}
