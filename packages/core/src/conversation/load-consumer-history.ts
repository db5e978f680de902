import type { Conversation, Message } from '@parley/protocol';
import type { ConversationStore } from './conversation-store.ts';
import { toConversation, toMessage } from './to-wire.ts';

/**
 * Every conversation of a consumer (closed ones included), oldest first, each with its
 * messages in `seq` order: the consumer's history view and the admin export.
 */
export async function loadConsumerHistory(
  store: ConversationStore,
  accountId: string,
  consumerId: string,
): Promise<(Conversation & { messages: Message[] })[]> {
  const list = await store.listByConsumer(accountId, consumerId);
  return Promise.all(
    list.map(async (c) => ({
      ...toConversation(c),
      messages: (await store.listMessages(accountId, c.id)).map(toMessage),
    })),
  );
}
