import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccountParamsSchema, AuthorizationHeaderSchema } from '@parley/protocol';
import { logoutAgent, type AgentDeps, type EventBus } from '@parley/core';
import { requireBearer } from './logout.ts';
import { noContent, problemResponses } from './schemas.ts';

/**
 * `POST /v1/accounts/:account/agents/logout` (Bearer agent session token) → 204: the session
 * is revoked on every node and the agent sockets holding it close with 4401. A missing, bad,
 * expired, revoked or other account's token → 401 `SESSION_INVALID`.
 */
export const agentLogoutRoutes: FastifyPluginAsyncTypebox<{ agents: AgentDeps; bus: EventBus }> = async (
  app,
  { agents, bus },
) => {
  app.post(
    '/v1/accounts/:account/agents/logout',
    {
      config: { openapi: { summary: 'Agent logout (Bearer agent session token)', tags: ['agents'] } },
      schema: {
        params: AccountParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 204: noContent, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { account } = app.accounts.get(request.params.account);
      const token = requireBearer(request.headers.authorization, 'agent');
      const { agentId } = await logoutAgent(agents, bus, { accountId: account.id, token });
      await app.audit.record({ accountId: account.id, type: 'agent.logout', agentId });
      request.log.info({ agentId }, 'agent logged out');
      return reply.code(204).send();
    },
  );
};
