import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountParamsSchema, AuthorizationHeaderSchema } from '@parley/protocol';
import {
  rotateSessionSigningKey,
  SESSION_KINDS,
  type Clock,
  type SessionKind,
  type Stores,
} from '@parley/core';
import { tokenLifetimeSeconds } from '../keys/rotate-signing-keys.ts';
import { requireAdminKey } from '../plugins/admin-auth.ts';
import { problemResponses } from './schemas.ts';
import Type, { type TSchemaOptions } from 'typebox';

/** `consumer` or `agent`, typed {@link SessionKind}. */
const sessionKind = (options: TSchemaOptions = {}) =>
  Type.Unsafe<SessionKind>({ type: 'string', enum: [...SESSION_KINDS], ...options });

const rotateQuerySchema = Type.Object(
  { kind: Type.Optional(sessionKind({ description: 'default: both' })) },
  { additionalProperties: false },
);

const rotationSchema = Type.Object({
  rotated: Type.Array(
    Type.Object({
      kind: sessionKind(),
      kid: Type.String({ description: 'the new current key id' }),
      purged: Type.Array(Type.String(), { description: 'retired key ids deleted' }),
    }),
  ),
});

/**
 * `POST /v1/admin/accounts/:account/keys/rotate?kind=consumer|agent` (admin key): the same as
 * `parley keys rotate --account` (docs/production.md): a new current signing key per kind
 * (default both); old keys keep verifying their tokens until those expire. Answers the new
 * key ids, never key material.
 */
export const adminKeyRoutes: FastifyPluginAsyncTypebox<{
  adminApiKey: string | undefined;
  stores: Stores;
  clock: Clock;
}> = async (app, { adminApiKey, stores, clock }) => {
  app.addHook('onRequest', requireAdminKey(adminApiKey));
  app.post(
    '/v1/admin/accounts/:account/keys/rotate',
    {
      config: {
        openapi: {
          tags: ['admin'],
          security: ['adminApiKey' as const],
          summary: 'Rotate the session signing keys of an account',
        },
      },
      schema: {
        params: AccountParamsSchema,
        querystring: rotateQuerySchema,
        headers: AuthorizationHeaderSchema,
        response: { 200: rotationSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { account } = app.accounts.get(request.params.account);
      const rotated = [];
      for (const kind of request.query.kind === undefined ? SESSION_KINDS : [request.query.kind]) {
        const { current, purged } = await rotateSessionSigningKey(stores.keys, {
          accountId: account.id,
          kind,
          clock,
          retainSeconds: tokenLifetimeSeconds(account, kind),
        });
        rotated.push({ kind, kid: current.id, purged });
      }
      request.log.info({ account: account.id, kids: rotated.map((r) => r.kid) }, 'signing keys rotated');
      return { rotated };
    },
  );
};
