import type { FastifyPluginAsync } from 'fastify';
import { loginAgent, type AgentDeps, type AgentLogin } from '@parley/core';
import { failureCode } from '../audit/record-login.ts';
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
      let login: AgentLogin;
      try {
        login = await loginAgent(agents, { accountId: account.id, ...request.body });
      } catch (err) {
        // no email in the event: only the catalogue code of the refusal
        await app.audit.record({ accountId: account.id, type: 'agent.login_failed', code: failureCode(err) });
        throw err;
      }
      await app.audit.record({ accountId: account.id, type: 'agent.login', agentId: login.agentId });
      request.log.info({ agentId: login.agentId }, 'agent logged in');
      return login;
    },
  );
};
