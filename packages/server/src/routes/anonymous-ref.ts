import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createAnonymousRef } from '@parley/core';
import {
  AccountParamsSchema,
  type AnonymousRefResponse,
  AnonymousRefResponseSchema,
  AuthorizationHeaderSchema,
} from '@parley/protocol';
import { requireBearer } from './logout.ts';
import { problemResponses } from './schemas.ts';

/**
 * `POST /v1/accounts/:account/authorize/anonymous-ref` with `Authorization: Bearer <anonymous
 * session token>` → 201 `{ anonymousRef, expiresAt }`: an opaque reference, valid once for two
 * minutes, that the page puts on `GET /authorize?anonymousRef=` for a popup step-up. The session
 * token itself never goes into a URL (browser history, proxy and IdP logs). A missing, bad,
 * revoked or expired token → 401 `SESSION_INVALID`.
 */
export const anonymousRefRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts/:account/authorize/anonymous-ref',
    {
      config: {
        rateLimited: true,
        openapi: {
          summary: 'Popup step-up: exchange the anonymous session token for a one-time reference',
          tags: ['popup'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 201: AnonymousRefResponseSchema, ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      const token = requireBearer(request.headers.authorization);
      const body: AnonymousRefResponse = await createAnonymousRef(app.codeFlow.deps(runtime), token);
      return reply.code(201).header('cache-control', 'no-store').send(body);
    },
  );
};
