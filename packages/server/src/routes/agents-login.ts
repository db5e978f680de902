import type { FastifyPluginAsync } from 'fastify';
import { loginAgent, type AgentDeps } from '@parley/core';
import { accountParams, problemResponses } from './schemas.ts';
import { agentLoginBodySchema, agentLoginResponseSchema } from './realtime-schemas.ts';

/**
 * `POST /v1/accounts/:account/agents/login` `{ email, password }` → 200 `{ agentId,
 * sessionToken, expiresAt }`; a wrong password or unknown email → 401
 * `AGENT_CREDENTIALS_INVALID` (same answer, same scrypt work).
 *
 * @example
 * ```ts
 * await app.register(agentLoginRoutes, { agents: agentDeps });
 * ```
 */
export const agentLoginRoutes: FastifyPluginAsync<{ agents: AgentDeps }> = async (app, { agents }) => {
  app.post<{ Params: { account: string }; Body: { email: string; password: string } }>(
    '/v1/accounts/:account/agents/login',
    {
      config: { rateLimited: true, openapi: { summary: 'Agent login', tags: ['agents'] } },
      schema: {
        params: accountParams,
        body: agentLoginBodySchema,
        response: { 200: agentLoginResponseSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { account } = app.accounts.get(request.params.account);
      const login = await loginAgent(agents, { accountId: account.id, ...request.body });
      request.log.info({ agentId: login.agentId }, 'agent logged in');
      return login;
    },
  );
};
