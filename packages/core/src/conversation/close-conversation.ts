import { ParleyError } from '../errors.ts';
import { topics } from './event-bus.ts';
import { conversationForAgent } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { conversationView } from './conversation-view.ts';

/**
 * `conversation.close` by an agent of the account (its own conversation, or a queued one).
 * Announces `conversation.closed` to the consumer and to every agent of the account.
 */
export async function closeConversation(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<ConversationRecord> {
  const current = await conversationForAgent(deps, agent, conversationId);
  if (current.status === 'active' && current.agentId !== agent.agentId && agent.role === 'agent') {
    throw new ParleyError('REQUEST_INVALID', 'the conversation is handled by another agent');
  }
  const closed = await deps.conversations.close({
    accountId: agent.accountId,
    conversationId,
    now: deps.clock.now(),
  });
  if (closed === null) throw new ParleyError('REQUEST_INVALID', 'the conversation is already closed');
  const frame = { type: 'conversation.closed', conversation: await conversationView(deps, closed) } as const;
  await deps.bus.publish(topics.consumer(closed.consumerId), { kind: 'frame', frame });
  await deps.bus.publish(topics.agentQueue(agent.accountId), { kind: 'frame', frame });
  return closed;
}
