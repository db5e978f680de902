import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ParleyError,
  buildProfile,
  endRevokedSessions,
  loadConsumerHistory,
  parseSdes,
  type AccountConnectors,
  type ConsumerRecord,
  type Clock,
  type Stores,
} from '@parley/core';
import {
  type AdminConsumerView,
  AdminConsumerViewSchema,
  AuthorizationHeaderSchema,
  ConsumerHistoryResponseSchema,
  ConsumerParamsSchema,
  SessionRecordViewSchema,
} from '@parley/protocol';
import { requireAdminKey } from '../plugins/admin-auth.ts';
import { noContent, problemResponses } from './schemas.ts';
import { auditEventSchema, toAuditEventView } from './audit-schemas.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * The admin view of a consumer: raw verified claims (the admin is trusted), LivePerson SDEs,
 * and the agent profile with the consumer's connector display config (custom claims masked
 * as agents see them).
 */
export function adminConsumerView(
  connectors: AccountConnectors,
  consumer: ConsumerRecord,
): AdminConsumerView {
  const connector = connectors.connectorForIssuer(consumer.issuer);
  return {
    consumerId: consumer.id,
    issuer: consumer.issuer,
    subject: consumer.subject,
    authenticated: consumer.issuer !== null,
    claims: consumer.claims,
    sdes: parseSdes(consumer.claims.lp_sdes),
    profile: buildProfile(consumer, {
      claims: connector?.claims ?? [],
      role: 'agent',
      connector: connector ?? null,
    }),
    createdAt: new Date(consumer.createdAt).toISOString(),
    lastAuthenticatedAt: iso(consumer.lastAuthenticatedAt),
  };
}

const exportSchema = {
  type: 'object',
  properties: {
    exportedAt: { type: 'string', format: 'date-time' },
    consumer: AdminConsumerViewSchema,
    sessions: { type: 'array', items: SessionRecordViewSchema },
    conversations: ConsumerHistoryResponseSchema.properties.conversations,
    auditEvents: { type: 'array', items: auditEventSchema },
  },
  required: ['exportedAt', 'consumer', 'sessions', 'conversations', 'auditEvents'],
} as const;

/**
 * Admin consumer API, behind `Authorization: Bearer <adminApiKey>`:
 * `GET /v1/admin/accounts/:account/consumers/:consumerId` (view, recorded as `admin.consumer_viewed`), `DELETE` (consumer, sessions,
 * conversations, messages and audit events removed, one `admin.consumer_erased` recorded → 204),
 * `GET .../export` (view, sessions, conversations with messages, audit events; recorded as
 * `admin.consumer_exported`).
 */
export const adminConsumerRoutes: FastifyPluginAsyncTypebox<{
  adminApiKey: string | undefined;
  stores: Stores;
  clock: Clock;
}> = async (app, { adminApiKey, stores, clock }) => {
  app.addHook('onRequest', requireAdminKey(adminApiKey));
  const { sessions, consumers } = stores;
  const now = () => clock.now();
  const base = '/v1/admin/accounts/:account/consumers/:consumerId';
  const doc = { tags: ['admin'], security: ['adminApiKey' as const] };
  const errors = problemResponses(400, 401, 404);

  const load = async (accountId: string, consumerId: string) => {
    const { account, connectors } = app.accounts.get(accountId);
    const consumer = await consumers.get(account.id, consumerId);
    if (!consumer) throw new ParleyError('CONSUMER_NOT_FOUND', 'unknown consumer');
    return { account, connectors, consumer };
  };

  app.get(
    base,
    {
      config: { openapi: { ...doc, summary: 'A consumer: verified claims, SDEs and profile' } },
      schema: {
        params: ConsumerParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 200: AdminConsumerViewSchema, ...errors },
      },
    },
    async (request) => {
      const { account, connectors, consumer } = await load(request.params.account, request.params.consumerId);
      // the view shows verified claims: who looked is worth a record, like an export
      await app.audit.record({
        accountId: account.id,
        type: 'admin.consumer_viewed',
        consumerId: consumer.id,
      });
      return adminConsumerView(connectors, consumer);
    },
  );

  app.delete(
    base,
    {
      config: {
        openapi: {
          ...doc,
          summary: 'Erase a consumer, its sessions, conversations, messages and audit events',
        },
      },
      schema: {
        params: ConsumerParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      const { account, consumer } = await load(request.params.account, request.params.consumerId);
      const revoked = await sessions.revokeByConsumer(account.id, consumer.id, now());
      // its sockets close with 4401 and agents see logged_out
      await endRevokedSessions(app.accounts.get(account.id).login, revoked, 'revoked');
      await sessions.deleteByConsumer(account.id, consumer.id);
      await stores.conversations.deleteByConsumer(account.id, consumer.id);
      await stores.audit.deleteByConsumer(account.id, consumer.id);
      await consumers.delete(account.id, consumer.id);
      // proof the erasure happened; the id no longer leads to any personal data (docs/audit.md)
      await app.audit.record({
        accountId: account.id,
        type: 'admin.consumer_erased',
        consumerId: consumer.id,
      });
      request.log.info({ consumerId: consumer.id }, 'consumer erased by admin');
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/export`,
    {
      config: { openapi: { ...doc, summary: 'Export everything stored about a consumer' } },
      schema: {
        params: ConsumerParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 200: exportSchema, ...errors },
      },
    },
    async (request) => {
      const { account, connectors, consumer } = await load(request.params.account, request.params.consumerId);
      const records = await sessions.listByConsumer(account.id, consumer.id);
      const auditEvents = await stores.audit.listByConsumer(account.id, consumer.id);
      await app.audit.record({
        accountId: account.id,
        type: 'admin.consumer_exported',
        consumerId: consumer.id,
      });
      return {
        exportedAt: new Date(now()).toISOString(),
        consumer: adminConsumerView(connectors, consumer),
        conversations: await loadConsumerHistory(stores.conversations, account.id, consumer.id),
        sessions: records.map((s) => ({
          id: s.id,
          authenticated: s.authenticated,
          connectorId: s.connectorId,
          createdAt: new Date(s.createdAt).toISOString(),
          expiresAt: new Date(s.expiresAt).toISOString(),
          revokedAt: iso(s.revokedAt),
        })),
        auditEvents: auditEvents.map(toAuditEventView),
      };
    },
  );
};
