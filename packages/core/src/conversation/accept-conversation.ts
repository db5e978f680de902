import { ParleyError } from '../errors.ts';
import { topics } from './event-bus.ts';
import { conversationForAgent } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { conversationView } from './conversation-view.ts';

/**
 * `conversation.accept`: the agent takes a queued conversation (idempotent for its own).
 * Announces `conversation.assigned` to every agent of the account and to the consumer, then
 * asks the agent's sockets to send `consumer.profile`.
 */
export async function acceptConversation(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<ConversationRecord> {
  await conversationForAgent(deps, agent, conversationId);
  const assigned = await deps.conversations.assign({
    accountId: agent.accountId,
    conversationId,
    agentId: agent.agentId,
  });
  if (assigned === null) {
    throw new ParleyError('REQUEST_INVALID', 'the conversation is closed or handled by another agent');
  }
  const frame = {
    type: 'conversation.assigned',
    conversation: await conversationView(deps, assigned),
  } as const;
  await deps.bus.publish(topics.agentQueue(agent.accountId), { kind: 'frame', frame });
  await deps.bus.publish(topics.consumer(assigned.consumerId), { kind: 'frame', frame });
  await deps.bus.publish(topics.conversation(assigned.id), {
    kind: 'profile-changed',
    accountId: agent.accountId,
    conversationId: assigned.id,
    consumerId: assigned.consumerId,
  });
  return assigned;
}
