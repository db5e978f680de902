import { topics } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { toConversation } from './to-wire.ts';

/**
 * After a safe step-up (`completeLogin` returned `steppedUpFrom`): the anonymous consumer's
 * conversations move to the authenticated consumer in place (same ids, messages and seqs).
 * The consumer's sockets get `conversation.opened`; agents following each conversation get
 * `consumer.auth_state: authenticated` and a fresh `consumer.profile`.
 *
 * @example
 * ```ts
 * if (login.steppedUpFrom) await stepUpConversations(deps, { accountId, fromConsumerId: login.steppedUpFrom, toConsumerId: login.consumerId });
 * ```
 */
export async function stepUpConversations(
  deps: ConversationDeps,
  input: { accountId: string; fromConsumerId: string; toConsumerId: string },
): Promise<ConversationRecord[]> {
  const moved = await deps.conversations.moveConsumer(input);
  for (const conversation of moved) {
    const wire = toConversation(conversation);
    await deps.bus.publish(topics.consumer(input.toConsumerId), {
      kind: 'frame',
      frame: { type: 'conversation.opened', conversation: wire },
    });
    if (conversation.status === 'closed') continue;
    const topic = topics.conversation(conversation.id);
    await deps.bus.publish(topic, {
      kind: 'frame',
      frame: {
        type: 'consumer.auth_state',
        consumerId: input.toConsumerId,
        conversationId: conversation.id,
        state: 'authenticated',
      },
    });
    await deps.bus.publish(topic, {
      kind: 'profile-changed',
      accountId: input.accountId,
      conversationId: conversation.id,
      consumerId: input.toConsumerId,
    });
  }
  return moved;
}
