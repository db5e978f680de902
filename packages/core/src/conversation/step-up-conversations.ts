import { topics } from './event-bus.ts';
import { newIdOf, type ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { publishMessage } from './publish-message.ts';
import { toConversation } from './to-wire.ts';

/** The text of the system message that closes a superseded conversation (see below). */
export const CONTINUES_ELSEWHERE_TEXT =
  'You signed in on another device: this conversation continues there and is now closed.';

const isOpen = (c: ConversationRecord) => c.status !== 'closed';

/**
 * Part of a safe step-up (`completeLogin` calls it once the link is recorded): the anonymous
 * consumer's conversations move to the authenticated consumer in place (same ids, messages and seqs).
 * The consumer's sockets get `conversation.opened`; agents following each conversation get
 * `consumer.auth_state: authenticated` and a fresh `consumer.profile`.
 *
 * One open conversation per consumer: when the authenticated consumer already had an open
 * conversation (another device) and an open one is moved in, the moved one (live, in use on
 * the device that signed in) stays open and the older one is closed with a `system` message
 * saying so; its history stays readable among the consumer's closed conversations.
 *
 * @example
 * ```ts
 * await stepUpConversations(deps, { accountId, fromConsumerId: anonymous.consumerId, toConsumerId: consumer.id });
 * ```
 */
export async function stepUpConversations(
  deps: ConversationDeps,
  input: { accountId: string; fromConsumerId: string; toConsumerId: string },
): Promise<ConversationRecord[]> {
  const moved = await deps.conversations.moveConsumer(input);
  for (const conversation of moved) await announceMoved(deps, input, conversation);
  const kept = moved.filter(isOpen).at(-1);
  if (kept === undefined) return moved; // nothing open moved in: no conversation to supersede
  const movedIds = new Set(moved.map((c) => c.id));
  const owned = await deps.conversations.listByConsumer(input.accountId, input.toConsumerId);
  const superseded = owned.filter((c) => isOpen(c) && !movedIds.has(c.id));
  for (const conversation of superseded) await closeSuperseded(deps, conversation, kept);
  return moved;
}

async function announceMoved(
  deps: ConversationDeps,
  input: { accountId: string; toConsumerId: string },
  conversation: ConversationRecord,
): Promise<void> {
  await deps.bus.publish(topics.consumer(input.toConsumerId), {
    kind: 'frame',
    frame: { type: 'conversation.opened', conversation: toConversation(conversation) },
  });
  if (conversation.status === 'closed') return;
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

/**
 * Closes `superseded` in favour of `kept`: a `system` message first (so its agent and every
 * device read why), then `conversation.closed` to the consumer and the account's agents.
 * The message's `clientMessageId` makes a retried step-up store it once.
 */
async function closeSuperseded(
  deps: ConversationDeps,
  superseded: ConversationRecord,
  kept: ConversationRecord,
): Promise<void> {
  const appended = await deps.conversations.appendMessage({
    accountId: superseded.accountId,
    conversationId: superseded.id,
    id: newIdOf(deps),
    from: 'system',
    senderId: null,
    text: CONTINUES_ELSEWHERE_TEXT,
    clientMessageId: `step-up:${kept.id}`,
    now: deps.clock.now(),
  });
  if (appended?.created) await publishMessage(deps, superseded, appended.message);
  const closed = await deps.conversations.close({
    accountId: superseded.accountId,
    conversationId: superseded.id,
    now: deps.clock.now(),
  });
  if (closed === null) return;
  const frame = { type: 'conversation.closed', conversation: toConversation(closed) } as const;
  await deps.bus.publish(topics.consumer(closed.consumerId), { kind: 'frame', frame });
  await deps.bus.publish(topics.agentQueue(closed.accountId), { kind: 'frame', frame });
}
