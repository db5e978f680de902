import type { ConversationStatus } from '@parley/protocol';
import { agentMayRead } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';

/** One page of a consumer's conversations, newest first. */
export interface ConsumerConversationsPage {
  conversations: ConversationRecord[];
  /** The `before` of the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The conversations of the account an agent lists (`GET /agent/conversations`), newest first.
 * `supervisor`/`admin`: all of them; `agent`: queued ones and its own (the read rule of
 * `conversationForAgent`, so the list never names a conversation the agent cannot open).
 *
 * @example
 * ```ts
 * const list = await listConversationsForAgent(deps, agent, { statuses: ['queued', 'active'], limit: 100 });
 * ```
 */
export async function listConversationsForAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  options: { statuses?: readonly ConversationStatus[]; mine?: boolean; limit: number },
): Promise<ConversationRecord[]> {
  const store = deps.conversations;
  const base = { limit: options.limit, ...(options.statuses ? { statuses: options.statuses } : {}) };
  if (options.mine || agent.role !== 'agent') {
    return store.listByAccount(agent.accountId, {
      ...base,
      ...(options.mine ? { agentId: agent.agentId } : {}),
    });
  }
  const wantsQueued = options.statuses === undefined || options.statuses.includes('queued');
  const [own, queued] = await Promise.all([
    store.listByAccount(agent.accountId, { ...base, agentId: agent.agentId }),
    wantsQueued ? store.listByAccount(agent.accountId, { limit: options.limit, statuses: ['queued'] }) : [],
  ]);
  const byId = new Map([...own, ...queued].map((c) => [c.id, c]));
  return [...byId.values()]
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .slice(0, options.limit);
}

/**
 * A consumer's conversations on every device (`GET /agent/consumers/{id}/conversations`),
 * newest first, `limit` per page; `before` is the `nextCursor` of the previous page. Only the
 * conversations the agent may read are listed: an unknown consumer, or one the agent does not
 * handle, is an empty page rather than an error, so existence is never revealed.
 *
 * @example
 * ```ts
 * const page = await listConsumerConversationsForAgent(deps, agent, { consumerId, limit: 20 });
 * ```
 */
export async function listConsumerConversationsForAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  input: { consumerId: string; limit: number; before?: string },
): Promise<ConsumerConversationsPage> {
  const all = await deps.conversations.listByConsumer(agent.accountId, input.consumerId);
  const readable: ConversationRecord[] = [];
  for (const conversation of all) {
    if (await agentMayRead(deps, agent, conversation)) readable.push(conversation);
  }
  // the store lists oldest first (creation order, also within one millisecond): reverse it
  readable.reverse();
  const start = input.before === undefined ? 0 : readable.findIndex((c) => c.id === input.before) + 1;
  // an unknown cursor (start 0 from findIndex -1) would restart the list: it ends it instead
  if (input.before !== undefined && start === 0) return { conversations: [], nextCursor: null };
  const conversations = readable.slice(start, start + input.limit);
  const more = start + input.limit < readable.length;
  return { conversations, nextCursor: more ? (conversations.at(-1)?.id ?? null) : null };
}
