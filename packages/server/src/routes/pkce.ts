import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createPkceTransaction } from '@parley/core';
import {
  AccountParamsSchema,
  PkceRequestSchema,
  type PkceResponse,
  PkceResponseSchema,
} from '@parley/protocol';
import { problemResponses } from './schemas.ts';

/**
 * `POST /v1/accounts/:account/pkce` (body `{}` or `{ connector }`, or none) → 201
 * `{ transaction, codeChallenge, codeChallengeMethod: "S256", expiresAt }`. The verifier stays
 * on Parley; the page sends `codeChallenge` to the brand and later `transaction` to `/authenticate`.
 */
export const pkceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts/:account/pkce',
    {
      config: {
        rateLimited: true,
        openapi: {
          summary: 'Start a web PKCE transaction (Parley keeps the verifier)',
          tags: ['consumer sessions'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        body: PkceRequestSchema,
        response: { 201: PkceResponseSchema, ...problemResponses(400, 403, 404, 413, 429) },
      },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      const connectorId = request.body?.connector;
      const result = await createPkceTransaction(
        app.codeFlow.deps(runtime),
        connectorId === undefined ? {} : { connectorId },
      );
      const body: PkceResponse = result;
      return reply.code(201).send(body);
    },
  );
};
