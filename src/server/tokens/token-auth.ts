// An integration token at the HTTP edge: the route's scope (route-spec.ts puts it in the route's
// config) must be one of the token's, and the token then acts for the admin who created it.
import type { FastifyRequest } from 'fastify';
import type { Authenticated } from '../auth.js';
import type { RouteContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { hashToken } from '../ids.js';

const invalid = (): HttpError => new HttpError(401, 'unauthorized', 'the integration token is invalid or revoked');

export async function integrationAuth(ctx: RouteContext, request: FastifyRequest, token: string): Promise<Authenticated> {
  if (!ctx.integrationTokens) throw invalid();
  const row = await ctx.integrationTokens.use(token);
  if (!row) throw invalid();
  const scope = (request.routeOptions.config as { scope?: string | null } | undefined)?.scope ?? null;
  if (scope === null) throw new HttpError(403, 'forbidden', 'integration tokens cannot call this route; sign in as an agent');
  if (!row.scopes.includes(scope as never)) throw new HttpError(403, 'forbidden', `this integration token lacks the scope ${scope}`);
  const agent = row.createdBy ? await ctx.store.getAgent(row.createdBy) : null;
  if (!agent || agent.accountId !== row.accountId) throw invalid();
  if (agent.disabled) throw new HttpError(403, 'forbidden', 'the admin who created this integration token is disabled');
  return { agent, tokenHash: hashToken(token), expiresAt: Number.MAX_SAFE_INTEGER };
}
