import { conversationForAgent, conversationForConsumer } from './access.ts';
import type { AgentActor, ConsumerActor, ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord, MessageRecord } from './conversation-store.ts';

/** One page of a replay: messages after `lastSeq`, ascending. */
export interface ResumePage {
  conversation: ConversationRecord;
  messages: MessageRecord[];
}

/**
 * `resume { conversationId, lastSeq }`: the next page (at most `limit`) of messages with a
 * greater `seq`, after checking the caller may read the conversation. Call again with the last
 * `seq` of the page until a page is shorter than `limit`.
 */
export async function resumeConversation(
  deps: ConversationDeps,
  reader: { consumer: ConsumerActor } | { agent: AgentActor },
  input: { conversationId: string; lastSeq: number; limit?: number },
): Promise<ResumePage> {
  const conversation =
    'consumer' in reader
      ? await conversationForConsumer(deps, reader.consumer, input.conversationId)
      : await conversationForAgent(deps, reader.agent, input.conversationId);
  const messages = await deps.conversations.listMessages(conversation.accountId, conversation.id, {
    afterSeq: input.lastSeq,
    ...(input.limit === undefined ? {} : { limit: input.limit }),
  });
  return { conversation, messages };
}
