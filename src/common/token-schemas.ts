// HTTP bodies of SPEC 10 integration tokens. The scopes are the ones a route can name
// (RouteSpec.scope); the token itself appears only in the create answer.
import { z } from 'zod';

export const tokenScopeSchema = z.enum(['presence:read', 'status:write', 'reports:read', 'webhooks:write']);

export const createTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  scopes: z.array(tokenScopeSchema).min(1, 'must name at least one scope').max(4),
});

export const integrationTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(tokenScopeSchema),
  createdAt: z.string(),
  /** Last request made with it (to the minute), null if never used. */
  lastUsedAt: z.string().nullable(),
});
export type IntegrationTokenView = z.infer<typeof integrationTokenViewSchema>;

export const createdTokenSchema = integrationTokenViewSchema.extend({ token: z.string() });
export const tokenListSchema = z.object({ tokens: z.array(integrationTokenViewSchema) });
