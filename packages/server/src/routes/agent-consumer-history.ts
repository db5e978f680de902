import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  conversationViews,
  listConsumerConversationsForAgent,
  verifyAgentSession,
  type AgentDeps,
  type ConversationDeps,
} from '@parley/core';
import {
  AgentConsumerConversationsResponseSchema,
  ConsumerConversationsQuerySchema,
  CONSUMER_CONVERSATIONS_PAGE_LIMIT,
  AuthorizationHeaderSchema,
  ConsumerParamsSchema,
} from '@parley/protocol';
import { requireBearer } from './logout.ts';
import { problemResponses } from './schemas.ts';

/**
 * `GET /v1/accounts/:account/agent/consumers/:consumerId/conversations?limit=&before=`: the
 * consumer's conversations on every device, newest first, in pages (`nextCursor` → `before`),
 * for the Agent Workspace's history. Lists only what the agent may read (docs/workspace.md).
 *
 * @example
 * ```ts
 * await app.register(agentConsumerHistoryRoutes, { conversations, agents });
 * ```
 */
export const agentConsumerHistoryRoutes: FastifyPluginAsyncTypebox<{
  conversations: ConversationDeps;
  agents: AgentDeps;
}> = async (app, { conversations: deps, agents }) => {
  app.get(
    '/v1/accounts/:account/agent/consumers/:consumerId/conversations',
    {
      config: {
        openapi: {
          summary: "Agent: a consumer's conversations on every device, newest first, paged",
          tags: ['agents'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: ConsumerParamsSchema,
        headers: AuthorizationHeaderSchema,
        querystring: ConsumerConversationsQuerySchema,
        response: {
          200: AgentConsumerConversationsResponseSchema,
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { account } = app.accounts.get(request.params.account);
      const token = requireBearer(request.headers.authorization);
      const { agent } = await verifyAgentSession(agents, account.id, token);
      const actor = { accountId: account.id, agentId: agent.id, role: agent.role };
      const page = await listConsumerConversationsForAgent(deps, actor, {
        consumerId: request.params.consumerId,
        limit: request.query.limit ?? CONSUMER_CONVERSATIONS_PAGE_LIMIT.default,
        ...(request.query.before === undefined ? {} : { before: request.query.before }),
      });
      return {
        conversations: await conversationViews(deps, page.conversations),
        nextCursor: page.nextCursor,
      };
    },
  );
};
