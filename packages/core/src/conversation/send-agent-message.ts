import { activeConversationOfAgent } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';
import { appendAndPublish, type SentMessage } from './publish-message.ts';

/**
 * An agent's `message.send` into a conversation it accepted. Same storage and idempotency rules
 * as the consumer's; another account's conversation is `CONVERSATION_NOT_FOUND`.
 */
export async function sendAgentMessage(
  deps: ConversationDeps,
  agent: AgentActor,
  input: { conversationId: string; clientMessageId: string; text: string },
): Promise<SentMessage> {
  const conversation = await activeConversationOfAgent(deps, agent, input.conversationId);
  return appendAndPublish(deps, conversation, { from: 'agent', senderId: agent.agentId }, input);
}
