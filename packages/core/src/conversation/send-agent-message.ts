import { ParleyError } from '../errors.ts';
import { activeConversationOfAgent } from './access.ts';
import { newIdOf, type AgentActor, type ConversationDeps } from './conversation-deps.ts';
import { publishMessage } from './publish-message.ts';
import type { SentMessage } from './send-consumer-message.ts';

/**
 * An agent's `message.send` into a conversation it accepted. Same storage and idempotency rules
 * as the consumer's; another account's conversation is `CONVERSATION_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const { message } = await sendAgentMessage(deps, agent, { conversationId, clientMessageId, text });
 * ```
 */
export async function sendAgentMessage(
  deps: ConversationDeps,
  agent: AgentActor,
  input: { conversationId: string; clientMessageId: string; text: string },
): Promise<SentMessage> {
  const conversation = await activeConversationOfAgent(deps, agent, input.conversationId);
  const appended = await deps.conversations.appendMessage({
    accountId: agent.accountId,
    conversationId: conversation.id,
    id: newIdOf(deps),
    from: 'agent',
    senderId: agent.agentId,
    text: input.text,
    clientMessageId: input.clientMessageId,
    now: deps.clock.now(),
  });
  if (appended === null) throw new ParleyError('CONVERSATION_NOT_FOUND', 'conversation not found');
  if (appended.created) await publishMessage(deps, conversation, appended.message);
  return { conversation, ...appended };
}
