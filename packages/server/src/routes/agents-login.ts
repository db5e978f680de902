import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loginAgent, type AgentDeps, type AgentLogin, type ParleyConfig } from '@parley/core';
import { AccountParamsSchema, AgentLoginRequestSchema, AgentLoginResponseSchema } from '@parley/protocol';
import type { RateLimitCheck } from '../plugins/rate-limit.ts';
import { failureCode } from '../audit/record-login.ts';
import { problemResponses } from './schemas.ts';

/**
 * `POST /v1/accounts/:account/agents/login` `{ email, password }` → 200 `{ agentId,
 * sessionToken, expiresAt }`; a wrong password or unknown email → 401
 * `AGENT_CREDENTIALS_INVALID` (same answer, same scrypt work). Limited per client IP and per
 * (account, email) with a backoff (see {@link emailBuckets}), never by the account-wide bucket:
 * anonymous traffic from a few IPs cannot lock a tenant's agents out.
 */
export const agentLoginRoutes: FastifyPluginAsyncTypebox<{
  agents: AgentDeps;
  limits: ParleyConfig['security']['rateLimits'];
}> = async (app, { agents, limits }) => {
  app.post(
    '/v1/accounts/:account/agents/login',
    {
      config: { rateLimited: 'ip', openapi: { summary: 'Agent login', tags: ['agents'] } },
      schema: {
        params: AccountParamsSchema,
        body: AgentLoginRequestSchema,
        response: { 200: AgentLoginResponseSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const { account } = app.accounts.get(request.params.account);
      if (limits !== false)
        await app.rateLimit(
          reply,
          emailBuckets(account.id, request.body.email, limits.agentLoginPerEmailPerMinute),
        );
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

/**
 * The per-email buckets of agent login: `perMinute` attempts a minute, and 5 × that an hour, so
 * a guesser who waits out each minute is held off for the rest of the hour (the backoff). The
 * email is hashed: Redis keys hold no address.
 */
export function emailBuckets(accountId: string, email: string, perMinute: number): RateLimitCheck[] {
  const who = createHash('sha256').update(`${accountId}\n${email.trim().toLowerCase()}`).digest('base64url');
  // the hour first: attempts the minute bucket refuses still count towards the backoff
  return [
    [`agent-login:${who}`, perMinute * 5, 3600],
    [`agent-login:${who}`, perMinute, 60],
  ];
}
