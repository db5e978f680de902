import { topics } from './event-bus.ts';
import { activeConversationOfAgent } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';

/**
 * `auth.request`: the agent asks the consumer of its conversation to sign in (step-up); every
 * socket of the consumer receives `auth.request { conversationId }`.
 */
export async function requestAuth(
  deps: ConversationDeps,
  agent: AgentActor,
  conversationId: string,
): Promise<void> {
  const conversation = await activeConversationOfAgent(deps, agent, conversationId);
  await deps.bus.publish(topics.consumer(conversation.consumerId), {
    kind: 'frame',
    frame: { type: 'auth.request', conversationId },
  });
}
