import { topics } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { ParleyError } from '../errors.ts';
import { newIdOf } from './conversation-deps.ts';
import type { MessageAuthor } from '@parley/protocol';
import type { ConversationRecord, MessageRecord } from './conversation-store.ts';
import { toMessage } from './to-wire.ts';

export interface SentMessage {
  conversation: ConversationRecord;
  message: MessageRecord;
  /** False for a repeated `clientMessageId`: nothing new was stored or published. */
  created: boolean;
}

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

/**
 * Stores a message in a conversation (idempotent on `clientMessageId`) and, only when it is new,
 * fans it out: the one path by which consumer and agent messages reach the store and the bus.
 */
export async function appendAndPublish(
  deps: ConversationDeps,
  conversation: ConversationRecord,
  author: { from: MessageAuthor; senderId: string },
  input: { clientMessageId: string; text: string },
): Promise<SentMessage> {
  const appended = await deps.conversations.appendMessage({
    accountId: conversation.accountId,
    conversationId: conversation.id,
    id: newIdOf(deps),
    from: author.from,
    senderId: author.senderId,
    text: input.text,
    clientMessageId: input.clientMessageId,
    now: deps.clock.now(),
  });
  if (appended === null) throw new ParleyError('CONVERSATION_NOT_FOUND', 'conversation not found');
  if (appended.created) await publishMessage(deps, conversation, appended.message);
  return { conversation, ...appended };
}
