// What every route module receives, and the per-request authentication helpers.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../common/clock.js';
import type { AuthService, Authenticated } from '../auth.js';
import type { Metrics } from '../metrics.js';
import type { PresenceHub } from '../presence/hub.js';
import type { HistoryStore } from '../history/history-store.js';
import type { KeyedSlidingWindow } from '../rate-limit.js';
import type { AgentRow, GroupRow, Store } from '../store/store.js';
import type { IntegrationTokens } from '../tokens/integration-tokens.js';
import { isIntegrationToken } from '../tokens/integration-tokens.js';
import { integrationAuth } from '../tokens/token-auth.js';
import { HttpError, notFound } from './errors.js';

export interface RouteContext {
  store: Store;
  hub: PresenceHub;
  auth: AuthService;
  metrics: Metrics;
  clock: Clock;
  /** Status changes per agent id, shared with the agent sockets (RATE_LIMITS.statusSet). */
  statusLimit: KeyedSlidingWindow;
  /** /readyz's write probe of the data directory (embedded SQLite only; issue 19). */
  writeProbe?: () => Promise<void>;
  /** The status history (issue 16): reports and the team's "since". */
  history?: HistoryStore;
  /** Integration tokens (SPEC 10); without it such tokens are refused like unknown ones. */
  integrationTokens?: IntegrationTokens;
}

export async function requireAgent(ctx: RouteContext, request: FastifyRequest): Promise<Authenticated> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', 'missing bearer token; sign in with POST /api/v1/auth/login');
  const authed = isIntegrationToken(match[1]!) ? await integrationAuth(ctx, request, match[1]!) : await ctx.auth.authenticate(match[1]!);
  // Every authenticated request loads its account on first use (issue 20), so routes read it in memory.
  await ctx.hub.ensureAccount(authed.agent.accountId);
  return authed;
}

export async function requireAdmin(ctx: RouteContext, request: FastifyRequest): Promise<Authenticated> {
  const authed = await requireAgent(ctx, request);
  if (authed.agent.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin of this account can do this');
  return authed;
}

/** An agent of the caller's account; another account's id is "not found", exactly like a wrong id. */
export async function ownAgent(ctx: RouteContext, accountId: string, id: string): Promise<AgentRow> {
  const row = await ctx.store.getAgent(id);
  if (!row || row.accountId !== accountId) throw notFound('agent');
  return row;
}

/** A group of the caller's account, scoped the same way. */
export async function ownGroup(ctx: RouteContext, accountId: string, id: string): Promise<GroupRow> {
  const row = await ctx.store.getGroup(id);
  if (!row || row.accountId !== accountId) throw notFound('group');
  return row;
}
