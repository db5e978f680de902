import { ParleyError } from '../errors.ts';
import type { AgentActor, ConsumerActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';

const notFound = () => new ParleyError('CONVERSATION_NOT_FOUND', 'conversation not found');

/**
 * The consumer's own conversation, or `CONVERSATION_NOT_FOUND` (also for another consumer's or
 * another account's: existence is never revealed).
 */
export async function conversationForConsumer(
  deps: ConversationDeps,
  actor: ConsumerActor,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await deps.conversations.get(actor.accountId, conversationId);
  if (conversation === null || conversation.consumerId !== actor.consumerId) throw notFound();
  return conversation;
}

/** A conversation of the agent's account, or `CONVERSATION_NOT_FOUND`. */
export async function conversationForAgent(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await deps.conversations.get(agent.accountId, conversationId);
  if (conversation === null || conversation.accountId !== agent.accountId) throw notFound();
  return conversation;
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
