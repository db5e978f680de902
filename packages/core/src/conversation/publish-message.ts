import { topics } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord, MessageRecord } from './conversation-store.ts';
import { toMessage } from './to-wire.ts';

/** Fans a stored message out to the consumer's sockets and the agents following it. */
export async function publishMessage(
  deps: ConversationDeps,
  conversation: ConversationRecord,
  message: MessageRecord,
): Promise<void> {
  const event = {
    kind: 'frame',
    frame: { type: 'message.created', conversationId: conversation.id, message: toMessage(message) },
  } as const;
  await deps.bus.publish(topics.consumer(conversation.consumerId), event);
  await deps.bus.publish(topics.conversation(conversation.id), event);
}
