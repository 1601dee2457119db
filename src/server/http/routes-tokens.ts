// Integration tokens of SPEC 10 (admin, session sign-in only: a token cannot mint or revoke
// tokens): create (the token is in that answer only), list with lastUsedAt, revoke.
import type { FastifyInstance } from 'fastify';
import { createTokenBodySchema, createdTokenSchema, tokenListSchema } from '../../common/token-schemas.js';
import type { IntegrationTokenRow, IntegrationTokens } from '../tokens/integration-tokens.js';
import { requireAdmin, type RouteContext } from './context.js';
import { notFound, parse } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';

const tokenView = (t: IntegrationTokenRow) => ({
  id: t.id, name: t.name, scopes: t.scopes, createdAt: new Date(t.createdAt).toISOString(), lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
});

const note = 'Send it as `Authorization: Bearer apk_…`. It acts for the admin who created it, only on routes that name one of its scopes; anything else answers 403.';

export function tokenRoutes(app: FastifyInstance, ctx: RouteContext & { integrationTokens: IntegrationTokens }): void {
  const tokens = ctx.integrationTokens;

  route(app, {
    method: 'GET', path: '/api/v1/tokens', operationId: 'listTokens', tag: 'tokens', access: 'admin',
    summary: 'The account\'s integration tokens (never the tokens themselves), with when each was last used',
    responses: { 200: { description: 'The live tokens, oldest first.', schema: tokenListSchema, example: { tokens: [EXAMPLES.integrationToken] } } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    return { tokens: (await tokens.list(agent.accountId)).map(tokenView) };
  });

  route(app, {
    method: 'POST', path: '/api/v1/tokens', operationId: 'createToken', tag: 'tokens', access: 'admin',
    summary: 'Create an integration token with scopes; the answer carries the token, shown only this once', description: note,
    body: createTokenBodySchema, bodyExample: { name: 'CRM sync', scopes: ['presence:read'] },
    responses: { 201: { description: 'Created, with the token.', schema: createdTokenSchema, example: { ...EXAMPLES.integrationToken, lastUsedAt: null, token: 'apk_3q2-Hx0bN8vJkzL1mW5yT7rP4sD9fG6aE2cU0iO8uY1' } } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(createTokenBodySchema, request.body);
    const { row, token } = await tokens.create(agent.accountId, agent.id, body.name, [...new Set(body.scopes)]);
    return reply.code(201).send({ ...tokenView(row), token });
  });

  route(app, {
    method: 'DELETE', path: '/api/v1/tokens/:id', operationId: 'revokeToken', tag: 'tokens', access: 'admin',
    summary: 'Revoke an integration token: its next request answers 401', responses: { 204: { description: 'Revoked.' } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    if (!(await tokens.revoke(agent.accountId, id))) throw notFound('token');
    return reply.code(204).send();
  });
}
