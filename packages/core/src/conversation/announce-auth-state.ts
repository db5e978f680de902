import type { ConsumerAuthState } from '@parley/protocol';
import { topics } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';

/**
 * Tells the agents following the consumer's open conversations its new authentication state.
 */
export async function announceAuthState(
  deps: ConversationDeps,
  input: { accountId: string; consumerId: string; state: ConsumerAuthState },
): Promise<void> {
  const conversations = await deps.conversations.listByConsumer(input.accountId, input.consumerId);
  for (const conversation of conversations) {
    if (conversation.status === 'closed') continue;
    await deps.bus.publish(topics.conversation(conversation.id), {
      kind: 'frame',
      frame: {
        type: 'consumer.auth_state',
        consumerId: input.consumerId,
        conversationId: conversation.id,
        state: input.state,
      },
    });
  }
}
