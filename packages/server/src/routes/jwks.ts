import type { FastifyPluginAsync } from 'fastify';
import { AccountParamsSchema } from '@parley/protocol';
import { problemResponses } from './schemas.ts';

const jwksSchema = {
  type: 'object',
  description: 'Public encryption keys of the account (`use: "enc"`)',
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: { type: 'string' },
          kid: { type: 'string' },
          use: { type: 'string' },
          alg: { type: 'string' },
          n: { type: 'string' },
          e: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
        },
        required: ['kty', 'kid', 'use', 'alg'],
        // closed on purpose: the serializer drops any member not listed, so a private one never leaks
        additionalProperties: false,
      },
    },
  },
  required: ['keys'],
} as const;

/**
 * `GET /v1/accounts/:account/.well-known/jwks.json`: the account's public encryption keys
 * (RSA-OAEP-256 and ECDH-ES P-256), generated on first request, for brands that encrypt id_tokens.
 */
export const jwksRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/v1/accounts/:account/.well-known/jwks.json',
    {
      config: {
        openapi: { summary: 'Account public encryption keys (JWKS)', tags: ['keys'] },
      },
      schema: { params: AccountParamsSchema, response: { 200: jwksSchema, ...problemResponses(404) } },
    },
    async (request, reply) => {
      const { account } = request.params as { account: string };
      const jwks = await app.accounts.get(account).encryptionJwks();
      reply.header('cache-control', 'public, max-age=300');
      return jwks;
    },
  );
};
