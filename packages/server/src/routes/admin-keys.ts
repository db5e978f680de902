import type { FastifyPluginAsync } from 'fastify';
import {
  rotateSessionSigningKey,
  SESSION_KINDS,
  type Clock,
  type SessionKind,
  type Stores,
} from '@parley/core';
import { tokenLifetimeSeconds } from '../keys/rotate-signing-keys.ts';
import { requireAdminKey } from '../plugins/admin-auth.ts';
import { accountParams, authorizationHeader, problemResponses } from './schemas.ts';

const rotateQuerySchema = {
  type: 'object',
  properties: { kind: { type: 'string', enum: [...SESSION_KINDS], description: 'default: both' } },
  additionalProperties: false,
} as const;

const rotationSchema = {
  type: 'object',
  properties: {
    rotated: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: [...SESSION_KINDS] },
          kid: { type: 'string', description: 'the new current key id' },
          purged: { type: 'array', items: { type: 'string' }, description: 'retired key ids deleted' },
        },
        required: ['kind', 'kid', 'purged'],
      },
    },
  },
  required: ['rotated'],
} as const;

/**
 * `POST /v1/admin/accounts/:account/keys/rotate?kind=consumer|agent` (admin key): the same as
 * `parley keys rotate --account` (docs/production.md): a new current signing key per kind
 * (default both); old keys keep verifying their tokens until those expire. Answers the new
 * key ids, never key material.
 */
export const adminKeyRoutes: FastifyPluginAsync<{
  adminApiKey: string | undefined;
  stores: Stores;
  clock: Clock;
}> = async (app, { adminApiKey, stores, clock }) => {
  app.addHook('onRequest', requireAdminKey(adminApiKey));
  app.post<{ Params: { account: string }; Querystring: { kind?: SessionKind } }>(
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
        params: accountParams,
        querystring: rotateQuerySchema,
        headers: authorizationHeader,
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
