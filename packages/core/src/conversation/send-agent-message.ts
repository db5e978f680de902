import { activeConversationOfAgent } from './access.ts';
import type { AgentActor, ConversationDeps } from './conversation-deps.ts';
import { appendAndPublish } from './publish-message.ts';
import type { SentMessage } from './send-consumer-message.ts';

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
  const appended = await appendAndPublish(deps, conversation, {
    from: 'agent',
    senderId: agent.agentId,
    clientMessageId: input.clientMessageId,
    text: input.text,
  });
  return { conversation, ...appended };
}
