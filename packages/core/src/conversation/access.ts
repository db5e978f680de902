import { ParleyError } from '../errors.ts';
import type { AgentActor, ConsumerActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';

const notFound = () => new ParleyError('CONVERSATION_NOT_FOUND', 'conversation not found');

/** The conversation if `visible` to the caller, else `CONVERSATION_NOT_FOUND`, as for none. */
async function visibleConversation(
  deps: ConversationDeps,
  accountId: string,
  conversationId: string,
  visible: (conversation: ConversationRecord) => boolean | Promise<boolean>,
): Promise<ConversationRecord> {
  const conversation = await deps.conversations.get(accountId, conversationId);
  if (conversation === null || !(await visible(conversation))) throw notFound();
  return conversation;
}

/**
 * The consumer's own conversation, or `CONVERSATION_NOT_FOUND` (also for another consumer's or
 * another account's: existence is never revealed).
 */
export async function conversationForConsumer(
  deps: ConversationDeps,
  actor: ConsumerActor,
  conversationId: string,
): Promise<ConversationRecord> {
  return visibleConversation(deps, actor.accountId, conversationId, (c) => c.consumerId === actor.consumerId);
}

/**
 * A conversation the agent may read, or `CONVERSATION_NOT_FOUND` (existence is never revealed).
 * `supervisor` and `admin` read every conversation of their account; an `agent` reads the
 * account's queued conversations, those assigned to it, and the other conversations of a
 * consumer it is handling right now (that consumer's history).
 *
 * @example
 * ```ts
 * const conversation = await conversationForAgent(deps, agent, conversationId);
 * ```
 */
export async function conversationForAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<ConversationRecord> {
  return visibleConversation(
    deps,
    agent.accountId,
    conversationId,
    (c) => c.accountId === agent.accountId && agentMayRead(deps, agent, c),
  );
}

/** The read rule of {@link conversationForAgent}, for one conversation of the agent's account. */
export async function agentMayRead(
  deps: ConversationDeps,
  agent: AgentActor,
  conversation: ConversationRecord,
): Promise<boolean> {
  if (agent.role !== 'agent') return true;
  if (conversation.status === 'queued' || conversation.agentId === agent.agentId) return true;
  return handlesConsumer(deps, agent, conversation.consumerId);
}

/** True when the agent has an active conversation with this consumer. */
export async function handlesConsumer(
  deps: ConversationDeps,
  agent: AgentActor,
  consumerId: string,
): Promise<boolean> {
  const mine = await deps.conversations.listByConsumer(agent.accountId, consumerId);
  return mine.some((c) => c.status === 'active' && c.agentId === agent.agentId);
}

/** A conversation the agent is handling right now (accepted by it, not closed). */
export async function activeConversationOfAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await conversationForAgent(deps, agent, conversationId);
  if (conversation.status !== 'active' || conversation.agentId !== agent.agentId) {
    throw new ParleyError('REQUEST_INVALID', 'accept the conversation first (or it is closed)');
  }
  return conversation;
}
