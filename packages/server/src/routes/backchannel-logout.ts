import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountParamsSchema } from '@parley/protocol';
import { isParleyError, logoutFromBackchannel } from '@parley/core';
import { problemOf, sendProblem, toProblem } from '../plugins/problem-json.ts';
import { problemResponses } from './schemas.ts';
import { recordBackchannelLogout } from '../audit/record-backchannel-logout.ts';

const logoutBodySchema = {
  type: 'object',
  properties: { logout_token: { type: 'string', minLength: 1, maxLength: 16384 } },
  required: ['logout_token'],
  // Back-Channel Logout 1.0 §2.5: other parameters may be sent and are ignored
  additionalProperties: true,
} as const;

/**
 * `POST /v1/accounts/:account/backchannel-logout` (OIDC Back-Channel Logout 1.0): form-encoded
 * `logout_token=...` from the brand IdP. Valid → the sessions of its `sid` (else of its `sub`)
 * are revoked, 200 with an empty body. A refused token → 400 (the spec's status) with a
 * problem+json body carrying the `TOKEN_*` code; an unreachable IdP JWKS → 502
 * `IDP_UNAVAILABLE` (the IdP may retry); unknown account → 404.
 */
export const backchannelLogoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.post(
    '/v1/accounts/:account/backchannel-logout',
    {
      config: {
        rateLimited: true,
        openapi: {
          summary: 'OIDC Back-Channel Logout: revoke the consumer sessions named by a logout_token',
          tags: ['consumer sessions'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        body: logoutBodySchema,
        response: problemResponses(400, 404, 429, 502),
      },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      try {
        const { revoked } = await logoutFromBackchannel(app.codeFlow.logoutDeps(runtime), {
          logoutToken: request.body.logout_token,
        });
        await recordBackchannelLogout(app.audit, runtime.login.sessions, runtime.account.id, revoked);
        request.log.info({ revokedSessions: revoked.length }, 'back-channel logout');
        return reply.code(200).header('cache-control', 'no-store').send();
      } catch (err) {
        if (!isParleyError(err) || err.status !== 401) throw err;
        const problem = toProblem(err, request);
        return sendProblem(reply, problemOf(err.code, problem.detail, 400));
      }
    },
  );
};
