import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startAnonymousSession } from '@parley/core';
import { AccountParamsSchema, type SessionResponse, SessionResponseSchema } from '@parley/protocol';
import { problemResponses } from './schemas.ts';

/**
 * `POST /v1/accounts/:account/anonymous` → 201 `{ consumerId, sessionToken, expiresAt,
 * authenticated: false }`; 403 `AUTHENTICATION_REQUIRED` when the account requires login.
 * The body is optional and, when sent, must be `{}`.
 */
export const anonymousRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts/:account/anonymous',
    {
      config: {
        rateLimited: true,
        openapi: { summary: 'Start an anonymous consumer session', tags: ['consumer sessions'] },
      },
      schema: {
        params: AccountParamsSchema,
        body: { type: 'object', properties: {}, additionalProperties: false },
        response: { 201: SessionResponseSchema, ...problemResponses(400, 403, 404, 413, 429) },
      },
      // a bodiless POST (no content-type) is the same as `{}`; a JSON `null` body is not absent
      // and fails the schema like any other non-object
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request, reply) => {
      const { login } = app.accounts.get(request.params.account);
      const issued = await startAnonymousSession(login);
      request.log.info({ consumerId: issued.consumerId }, 'anonymous session started');
      const body: SessionResponse = {
        consumerId: issued.consumerId,
        sessionToken: issued.sessionToken,
        expiresAt: issued.expiresAt,
        authenticated: false,
      };
      return reply.code(201).send(body);
    },
  );
};
