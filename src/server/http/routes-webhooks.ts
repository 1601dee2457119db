// Webhook endpoints of SPEC 10 (admin): create (the secret is shown only in that answer), list,
// change, delete, send a test event, and the last 100 delivery attempts. A URL the SSRF rules
// refuse is a 400 naming the field; the resolved address is checked again at every delivery.
import type { FastifyInstance } from 'fastify';
import {
  adminAlertsSchema, createWebhookBodySchema, createdWebhookSchema, patchWebhookBodySchema, webhookAttemptListSchema, webhookListSchema, webhookTestResultSchema, webhookViewSchema,
} from '../../common/webhook-schemas.js';
import { checkUrl } from '../webhooks/address-policy.js';
import { newEventId } from '../webhooks/events.js';
import { newWebhookSecret } from '../webhooks/signature.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type { EndpointRow } from '../webhooks/webhook-store.js';
import { requireAdmin, type RouteContext } from './context.js';
import { HttpError, notFound, parse } from './errors.js';
import { EXAMPLES } from './examples.js';
import { route } from './route-spec.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const webhookView = (e: EndpointRow) => ({
  id: e.id, url: e.url, events: e.events, description: e.description, format: e.format, enabled: e.enabled,
  disabledReason: e.disabledReason, failingSince: iso(e.failingSince), createdAt: iso(e.createdAt)!,
});

function checkedUrl(url: string, allowPrivate: boolean): string {
  const verdict = checkUrl(url, allowPrivate);
  if (!verdict.ok) throw new HttpError(400, 'validation_failed', `invalid body: url: ${verdict.reason}`, [{ path: 'url', message: verdict.reason! }]);
  return url;
}

const urlNote = 'The URL must be https and must not point into private, loopback, link-local or multicast networks, also after DNS resolution (unless the server runs with `--webhooks-allow-private`).';

export function webhookRoutes(app: FastifyInstance, ctx: RouteContext & { webhooks: Webhooks }): void {
  const { webhooks } = ctx;
  const own = async (accountId: string, id: string): Promise<EndpointRow> => {
    const row = await webhooks.store.getEndpoint(id);
    if (!row || row.accountId !== accountId) throw notFound('webhook');
    return row;
  };

  route(app, {
    method: 'GET', path: '/api/v1/webhooks', operationId: 'listWebhooks', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'The account\'s webhook endpoints (secrets are never shown again)',
    responses: { 200: { description: 'The endpoints, oldest first.', schema: webhookListSchema, example: { webhooks: [EXAMPLES.webhook] } } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    return { webhooks: (await webhooks.store.listEndpoints(agent.accountId)).map(webhookView) };
  });

  route(app, {
    method: 'POST', path: '/api/v1/webhooks', operationId: 'createWebhook', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'Add a webhook endpoint; the answer carries its signing secret, shown only this once', description: urlNote,
    body: createWebhookBodySchema, bodyExample: { url: EXAMPLES.webhook.url, events: EXAMPLES.webhook.events, description: EXAMPLES.webhook.description },
    responses: { 201: { description: 'Created, with the secret.', schema: createdWebhookSchema, example: { ...EXAMPLES.webhook, secret: EXAMPLES.webhookSecret } } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const body = parse(createWebhookBodySchema, request.body);
    const secret = newWebhookSecret();
    const row = await webhooks.store.createEndpoint(agent.accountId, {
      url: checkedUrl(body.url, webhooks.allowPrivate), events: [...new Set(body.events)], description: body.description ?? '', format: body.format, secret,
    }, ctx.clock.now());
    await webhooks.refreshAccounts();
    return reply.code(201).send({ ...webhookView(row), secret });
  });

  route(app, {
    method: 'PATCH', path: '/api/v1/webhooks/:id', operationId: 'updateWebhook', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'Change an endpoint\'s URL, events, description, format, or enable it again', description: `${urlNote} Enabling an endpoint the server disabled sends what waited for it, in order.`,
    body: patchWebhookBodySchema, bodyExample: { enabled: true },
    responses: { 200: { description: 'The endpoint after the change.', schema: webhookViewSchema, example: EXAMPLES.webhook } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const body = parse(patchWebhookBodySchema, request.body);
    await own(agent.accountId, id);
    if (body.url !== undefined) checkedUrl(body.url, webhooks.allowPrivate);
    const row = await webhooks.store.updateEndpoint(id, { ...body, ...(body.events ? { events: [...new Set(body.events)] } : {}) }, ctx.clock.now());
    if (!row) throw notFound('webhook');
    await webhooks.refreshAccounts();
    webhooks.kick();
    return webhookView(row);
  });

  route(app, {
    method: 'DELETE', path: '/api/v1/webhooks/:id', operationId: 'deleteWebhook', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'Delete an endpoint with its waiting deliveries and its delivery log', responses: { 204: { description: 'Deleted.' } },
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await own(agent.accountId, id);
    await webhooks.store.deleteEndpoint(id);
    await webhooks.refreshAccounts();
    return reply.code(204).send();
  });

  route(app, {
    method: 'POST', path: '/api/v1/webhooks/:id/test', operationId: 'testWebhook', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'Send a `webhook.test` event to this endpoint (queued like any event; see its deliveries)',
    responses: { 202: { description: 'Queued.', schema: webhookTestResultSchema, example: { eventId: EXAMPLES.webhookAttempt.eventId } } }, errors: [409],
  }, async (request, reply) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    const row = await own(agent.accountId, id);
    if (!row.enabled) throw new HttpError(409, 'conflict', 'this endpoint is disabled; enable it first (PATCH enabled: true)');
    const now = ctx.clock.now();
    const eventId = newEventId();
    const event = { id: eventId, type: 'webhook.test', at: new Date(now).toISOString(), accountId: agent.accountId, data: { endpointId: id, by: agent.id }, endpointId: id };
    await webhooks.store.appendEvent({ table: 'webhook_events', values: { id: eventId, account_id: agent.accountId, type: 'webhook.test', body: JSON.stringify(event), created_at: now } });
    webhooks.kick();
    return reply.code(202).send({ eventId });
  });

  route(app, {
    method: 'GET', path: '/api/v1/webhooks/:id/deliveries', operationId: 'listWebhookDeliveries', tag: 'webhooks', access: 'admin', scope: 'webhooks:write',
    summary: 'The last 100 delivery attempts of an endpoint, newest first (HTTP status or error, duration)',
    responses: { 200: { description: 'The attempts.', schema: webhookAttemptListSchema, example: { attempts: [EXAMPLES.webhookAttempt] } } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const { id } = request.params as { id: string };
    await own(agent.accountId, id);
    return { attempts: (await webhooks.store.listAttempts(id)).map((a) => ({ ...a, at: iso(a.at)! })) };
  });

  route(app, {
    method: 'GET', path: '/api/v1/alerts', operationId: 'getAdminAlerts', tag: 'webhooks', access: 'admin',
    summary: 'What the dashboard banner shows admins: chat boxes unstaffed past the threshold (coverage.gap.started sent), and endpoints disabled after 24 h of failure',
    responses: { 200: { description: 'Open gaps and disabled endpoints.', schema: adminAlertsSchema, example: { gaps: [{ groupId: null, groupName: null, since: '2026-12-02T14:05:00.000Z' }], disabledWebhooks: [] } } },
  }, async (request) => {
    const { agent } = await requireAdmin(ctx, request);
    const state = ctx.hub.account(agent.accountId);
    const gaps = (await webhooks.store.listGaps(agent.accountId)).filter((g) => g.startedAt !== null)
      .map((g) => ({ groupId: g.groupId, groupName: g.groupId === null ? null : state?.groups.get(g.groupId)?.name ?? null, since: iso(g.since)! }));
    const disabledWebhooks = (await webhooks.store.listEndpoints(agent.accountId)).filter((e) => e.disabledReason === 'failing').map((e) => ({ id: e.id, url: e.url }));
    return { gaps, disabledWebhooks };
  });
}
