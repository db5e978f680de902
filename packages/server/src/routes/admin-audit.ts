import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AUDIT_EVENT_TYPES,
  ParleyError,
  type AuditCursor,
  type AuditEventType,
  type Stores,
} from '@parley/core';
import {
  AccountParamsSchema,
  AuditPageSchema,
  type AuditPage,
  AuthorizationHeaderSchema,
} from '@parley/protocol';
import { requireAdminKey } from '../plugins/admin-auth.ts';
import { problemResponses } from './schemas.ts';
import Type from 'typebox';
import { auditEventSchema, toAuditEventView } from './audit-schemas.ts';

/** Page size without `limit`, and the largest allowed. */
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

const auditQuerySchema = Type.Object(
  {
    consumerId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    type: Type.Optional(Type.Unsafe<AuditEventType>({ type: 'string', enum: [...AUDIT_EVENT_TYPES] })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9_-]+$' })),
    // `?limit=20` is coerced to the integer 20 (plugins/validation.ts)
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })),
  },
  { additionalProperties: false },
);

const auditPageSchema = Type.Object({ ...AuditPageSchema.properties, events: Type.Array(auditEventSchema) });

/** The opaque `before` cursor: base64url of `<at>.<id>` of the last event of a page. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`, 'utf8').toString('base64url');
}

/** Parses a `before` cursor; anything not made by {@link encodeAuditCursor} → `REQUEST_INVALID`. */
export function decodeAuditCursor(text: string): AuditCursor {
  const match = /^(\d{1,15})\.(.{1,128})$/s.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new ParleyError('REQUEST_INVALID', '"before" is not a cursor of this API');
  return { at: Number(match[1]), id: match[2]! };
}

/**
 * `GET /v1/admin/accounts/:account/audit?consumerId=&type=&before=&limit=` (admin key): one
 * page of the account's audit events, newest first, and the cursor of the next page. Only the
 * account's own events: the store query is scoped by account id.
 */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<{
  adminApiKey: string | undefined;
  stores: Stores;
}> = async (app, { adminApiKey, stores }) => {
  app.addHook('onRequest', requireAdminKey(adminApiKey));
  app.get(
    '/v1/admin/accounts/:account/audit',
    {
      config: {
        openapi: {
          tags: ['admin'],
          security: ['adminApiKey' as const],
          summary: 'The audit log, newest first',
        },
      },
      schema: {
        params: AccountParamsSchema,
        querystring: auditQuerySchema,
        headers: AuthorizationHeaderSchema,
        response: { 200: auditPageSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request): Promise<AuditPage> => {
      const { account } = app.accounts.get(request.params.account);
      const { consumerId, type, before } = request.query;
      const limit = request.query.limit ?? AUDIT_PAGE_DEFAULT;
      // one more than asked: whether an older page exists, without a count query
      const events = await stores.audit.list(account.id, {
        limit: limit + 1,
        ...(type === undefined ? {} : { type }),
        ...(consumerId === undefined ? {} : { consumerId }),
        ...(before === undefined ? {} : { before: decodeAuditCursor(before) }),
      });
      const page = events.slice(0, limit);
      const last = page.at(-1);
      return {
        events: page.map(toAuditEventView),
        nextCursor: events.length > limit && last ? encodeAuditCursor(last) : null,
      };
    },
  );
};
