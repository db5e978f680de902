import type { FastifyPluginAsync } from 'fastify';
import {
  conversationForAgent,
  conversationView,
  conversationViews,
  listConversationsForAgent,
  loadConsumerHistory,
  toMessage,
  verifyAgentSession,
  verifySession,
  type AgentDeps,
  type ConversationDeps,
} from '@parley/core';
import type { ConversationStatus } from '@parley/protocol';
import { requireBearer } from './logout.ts';
import { accountParams, authorizationHeader, problemResponses } from './schemas.ts';
import {
  agentConversationListSchema,
  agentConversationsQuery,
  consumerHistorySchema,
  transcriptParams,
  transcriptQuery,
  transcriptSchema,
} from './realtime-schemas.ts';

/**
 * REST reads for the UIs: the consumer's history (Bearer session token), and for agents
 * (Bearer agent token) the account's conversation list and a transcript.
 *
 * @example
 * ```ts
 * await app.register(conversationReadRoutes, { conversations, agents });
 * ```
 */
export const conversationReadRoutes: FastifyPluginAsync<{
  conversations: ConversationDeps;
  agents: AgentDeps;
}> = async (app, { conversations: deps, agents }) => {
  const store = deps.conversations;
  /** The account of the path and the agent of its Bearer agent token (or 401 SESSION_INVALID). */
  const agentOf = async (request: { params: { account: string }; headers: { authorization?: string } }) => {
    const { account } = app.accounts.get(request.params.account);
    const { agent } = await verifyAgentSession(
      agents,
      account.id,
      requireBearer(request.headers.authorization),
    );
    return { account, agent };
  };

  app.get<{ Params: { account: string }; Headers: { authorization?: string } }>(
    '/v1/accounts/:account/consumer/conversations',
    {
      config: {
        cors: 'account',
        openapi: {
          summary: 'Consumer history: conversations and messages',
          tags: ['conversations'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: accountParams,
        headers: authorizationHeader,
        response: { 200: consumerHistorySchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { login, account } = app.accounts.get(request.params.account);
      const session = await verifySession(login, account.id, requireBearer(request.headers.authorization));
      return { conversations: await loadConsumerHistory(store, account.id, session.consumerId) };
    },
  );

  app.get<{
    Params: { account: string };
    Headers: { authorization?: string };
    Querystring: { status?: ConversationStatus | 'open'; mine?: boolean; limit: number };
  }>(
    '/v1/accounts/:account/agent/conversations',
    {
      config: {
        openapi: {
          summary: 'Agent: conversations of the account, newest first',
          tags: ['agents'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: accountParams,
        headers: authorizationHeader,
        querystring: agentConversationsQuery,
        response: { 200: agentConversationListSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { account, agent } = await agentOf(request);
      const { status, mine, limit } = request.query;
      const statuses: ConversationStatus[] | undefined =
        status === undefined ? undefined : status === 'open' ? ['queued', 'active'] : [status];
      const actor = { accountId: account.id, agentId: agent.id, role: agent.role };
      const list = await listConversationsForAgent(deps, actor, {
        limit,
        ...(statuses ? { statuses } : {}),
        ...(mine ? { mine } : {}),
      });
      return { conversations: await conversationViews(deps, list) };
    },
  );

  app.get<{
    Params: { account: string; id: string };
    Headers: { authorization?: string };
    Querystring: { afterSeq: number; limit: number };
  }>(
    '/v1/accounts/:account/agent/conversations/:id/messages',
    {
      config: {
        openapi: {
          summary: 'Agent: transcript of a conversation',
          tags: ['agents'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: transcriptParams,
        headers: authorizationHeader,
        querystring: transcriptQuery,
        response: { 200: transcriptSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { account, agent } = await agentOf(request);
      const actor = { accountId: account.id, agentId: agent.id, role: agent.role };
      const conversation = await conversationForAgent(deps, actor, request.params.id);
      const messages = await store.listMessages(account.id, conversation.id, request.query);
      return { conversation: await conversationView(deps, conversation), messages: messages.map(toMessage) };
    },
  );
};
