import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  conversationForAgent,
  conversationView,
  conversationViews,
  listConversationsForAgent,
  loadConsumerHistory,
  ParleyError,
  toMessage,
  verifyAgentSession,
  verifySession,
  type AgentDeps,
  type ConversationDeps,
} from '@parley/core';
import {
  AccountParamsSchema,
  AgentConversationListResponseSchema,
  AgentConversationsQuerySchema,
  AuthorizationHeaderSchema,
  ConsumerHistoryResponseSchema,
  ConversationParamsSchema,
  type ConversationStatus,
  PAGE_LIMIT,
  TranscriptQuerySchema,
  TranscriptResponseSchema,
} from '@parley/protocol';
import { requireBearer } from './logout.ts';
import { problemResponses } from './schemas.ts';

/**
 * REST reads for the UIs: the consumer's history (Bearer session token), and for agents
 * (Bearer agent token) the account's conversation list and a transcript.
 */
export const conversationReadRoutes: FastifyPluginAsyncTypebox<{
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

  app.get(
    '/v1/accounts/:account/consumer/conversations',
    {
      config: {
        openapi: {
          summary: 'Consumer history: conversations and messages',
          tags: ['conversations'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        headers: AuthorizationHeaderSchema,
        response: { 200: ConsumerHistoryResponseSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { login, account } = app.accounts.get(request.params.account);
      const session = await verifySession(login, account.id, requireBearer(request.headers.authorization));
      return { conversations: await loadConsumerHistory(store, account.id, session.consumerId) };
    },
  );

  app.get(
    '/v1/accounts/:account/agent/conversations',
    {
      config: {
        openapi: {
          summary: 'Agent: conversations of the account, newest first, one page at a time',
          tags: ['agents'],
          security: ['sessionToken'],
        },
      },
      schema: {
        params: AccountParamsSchema,
        headers: AuthorizationHeaderSchema,
        querystring: AgentConversationsQuerySchema,
        response: { 200: AgentConversationListResponseSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { account, agent } = await agentOf(request);
      const { status, mine, before } = request.query;
      const limit = request.query.limit ?? PAGE_LIMIT.default;
      const statuses: ConversationStatus[] | undefined =
        status === undefined ? undefined : status === 'open' ? ['queued', 'active'] : [status];
      const actor = { accountId: account.id, agentId: agent.id, role: agent.role };
      const page = await listConversationsForAgent(deps, actor, {
        limit,
        ...(statuses ? { statuses } : {}),
        ...(mine ? { mine } : {}),
        ...(before !== undefined ? { before } : {}),
      });
      return {
        conversations: await conversationViews(deps, page.conversations),
        ...(page.nextBefore !== undefined ? { nextBefore: page.nextBefore } : {}),
      };
    },
  );

  app.get(
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
        params: ConversationParamsSchema,
        headers: AuthorizationHeaderSchema,
        querystring: TranscriptQuerySchema,
        response: { 200: TranscriptResponseSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { account, agent } = await agentOf(request);
      const actor = { accountId: account.id, agentId: agent.id, role: agent.role };
      const conversation = await conversationForAgent(deps, actor, request.params.id);
      if (request.query.before !== undefined && request.query.afterSeq !== undefined)
        throw new ParleyError('REQUEST_INVALID', 'before and afterSeq cannot be combined');
      const window = transcriptWindow(conversation.lastSeq, {
        ...request.query,
        limit: request.query.limit ?? PAGE_LIMIT.default,
      });
      const messages = await store.listMessages(account.id, conversation.id, window);
      return {
        conversation: await conversationView(deps, conversation),
        messages: messages.map(toMessage),
        ...window.next,
      };
    },
  );
};

/**
 * Which seqs a transcript page holds. Seqs are 1..lastSeq without gaps, so a page is a plain
 * range: backwards from `before` (default: after the newest), or forwards from `afterSeq`.
 */
export function transcriptWindow(
  lastSeq: number,
  query: { before?: number; afterSeq?: number; limit: number },
): { afterSeq: number; limit: number; next: { nextBefore?: number; nextAfterSeq?: number } } {
  const { limit } = query;
  if (query.afterSeq !== undefined) {
    const end = query.afterSeq + limit;
    return { afterSeq: query.afterSeq, limit, next: end < lastSeq ? { nextAfterSeq: end } : {} };
  }
  const before = Math.min(query.before ?? lastSeq + 1, lastSeq + 1);
  const first = Math.max(1, before - limit);
  return {
    afterSeq: first - 1,
    limit: before - first,
    next: first > 1 ? { nextBefore: first } : {},
  };
}
