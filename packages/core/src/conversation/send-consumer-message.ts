import { ParleyError } from '../errors.ts';
import { topics } from './event-bus.ts';
import { conversationForConsumer } from './access.ts';
import { newIdOf, type ConsumerActor, type ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { appendAndPublish, type SentMessage } from './publish-message.ts';

export type { SentMessage } from './publish-message.ts';
import { toConversation } from './to-wire.ts';

/**
 * A consumer's `message.send`: into the given conversation (theirs, open), or into their open
 * conversation, created (`queued`, announced to the agents) if none. Stored before it returns;
 * a repeated `clientMessageId` returns the first message and publishes nothing.
 */
export async function sendConsumerMessage(
  deps: ConversationDeps,
  actor: ConsumerActor,
  input: { clientMessageId: string; text: string; conversationId?: string },
): Promise<SentMessage> {
  const conversation = await resolveConversation(deps, actor, input.conversationId);
  return appendAndPublish(deps, conversation, { from: 'consumer', senderId: actor.consumerId }, input);
}

async function resolveConversation(
  deps: ConversationDeps,
  actor: ConsumerActor,
  conversationId: string | undefined,
): Promise<ConversationRecord> {
  if (conversationId !== undefined) {
    const conversation = await conversationForConsumer(deps, actor, conversationId);
    if (conversation.status === 'closed')
      throw new ParleyError('REQUEST_INVALID', 'the conversation is closed');
    return conversation;
  }
  const { conversation, created } = await deps.conversations.openOrCreate({
    accountId: actor.accountId,
    consumerId: actor.consumerId,
    authenticated: actor.authenticated,
    newId: newIdOf(deps),
    now: deps.clock.now(),
  });
  if (created) {
    const wire = toConversation(conversation);
    await deps.bus.publish(topics.consumer(actor.consumerId), {
      kind: 'frame',
      frame: { type: 'conversation.opened', conversation: wire },
    });
    await deps.bus.publish(topics.agentQueue(actor.accountId), {
      kind: 'frame',
      frame: { type: 'conversation.queued', conversation: wire },
    });
  }
  return conversation;
}
