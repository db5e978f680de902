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

/** How many store pages a plain agent's list reads at most before answering a shorter page. */
const MAX_SCANS = 20;

/** One page of the account list: `nextBefore` (the `before` of the next page) when there may be more. */
export interface AgentConversationsPage {
  conversations: ConversationRecord[];
  nextBefore?: string;
}

/**
 * The conversations of the account an agent lists (`GET /agent/conversations`), newest first,
 * `limit` per page after the conversation `before`. `supervisor`/`admin`: all of them;
 * `agent`: queued ones and its own (the read rule of `conversationForAgent`), so the list never
 * names a conversation the agent cannot open. A plain agent's page is filtered from the
 * account's order; after {@link MAX_SCANS} store pages it may come back shorter than `limit`
 * with a `nextBefore` to go on from.
 *
 * @example
 * ```ts
 * const page = await listConversationsForAgent(deps, agent, { statuses: ['queued', 'active'], limit: 50 });
 * ```
 */
export async function listConversationsForAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  options: { statuses?: readonly ConversationStatus[]; mine?: boolean; limit: number; before?: string },
): Promise<AgentConversationsPage> {
  const everything = agent.role !== 'agent' || options.mine === true;
  const readable = (c: ConversationRecord) =>
    everything || c.status === 'queued' || c.agentId === agent.agentId;
  const page: ConversationRecord[] = [];
  const batchSize = options.limit + 1; // one more than the page tells whether an older page exists
  let cursor = options.before;
  for (let scan = 0; scan < MAX_SCANS; scan += 1) {
    const batch = await deps.conversations.listByAccount(agent.accountId, {
      limit: batchSize,
      ...(options.statuses ? { statuses: options.statuses } : {}),
      ...(options.mine ? { agentId: agent.agentId } : {}),
      ...(cursor !== undefined ? { beforeId: cursor } : {}),
    });
    for (const c of batch) {
      if (readable(c)) page.push(c);
      if (page.length > options.limit) {
        return { conversations: page.slice(0, options.limit), nextBefore: page[options.limit - 1]!.id };
      }
    }
    if (batch.length < batchSize) return { conversations: page };
    cursor = batch.at(-1)!.id;
  }
  return { conversations: page, ...(cursor !== undefined ? { nextBefore: cursor } : {}) };
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
