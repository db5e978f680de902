import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountParamsSchema, AuthorizationHeaderSchema } from '@parley/protocol';
import { ParleyError, revokeSessionToken } from '@parley/core';
import { noContent, problemResponses } from './schemas.ts';

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** The Bearer token of `header`; none → 401 `SESSION_INVALID` (`kind` names it in the detail). */
export function requireBearer(header: string | undefined, kind = 'session'): string {
  const token = bearerToken(header);
  if (token === null) throw new ParleyError('SESSION_INVALID', `a Bearer ${kind} token is required`);
  return token;
}

/**
 * `POST /v1/accounts/:account/logout` with `Authorization: Bearer <session token>` → 204 and
 * that session is revoked; a missing, bad, revoked or expired token → 401 `SESSION_INVALID`.
 */
export const logoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts/:account/logout',
    {
      config: {
        openapi: {
          summary: 'Consumer logout: revoke this session',
          tags: ['consumer sessions'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 204: noContent, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { login, account } = app.accounts.get(request.params.account);
      const token = requireBearer(request.headers.authorization);
      const session = await revokeSessionToken(login, account.id, token);
      await app.audit.record({
        accountId: account.id,
        type: 'consumer.logout',
        consumerId: session.consumerId,
        sessionId: session.id,
        connectorId: session.connectorId ?? undefined,
      });
      request.log.info({ consumerId: session.consumerId }, 'consumer logged out');
      return reply.code(204).send();
    },
  );
};
