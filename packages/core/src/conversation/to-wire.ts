import type { Conversation, Message } from '@parley/protocol';
import type { ConversationRecord, MessageRecord } from './conversation-store.ts';

/**
 * The §4 `conversation` shape of a stored conversation.
 *
 * @example
 * ```ts
 * send({ type: 'conversation.opened', conversation: toConversation(record) });
 * ```
 */
export function toConversation(record: ConversationRecord): Conversation {
  return {
    id: record.id,
    accountId: record.accountId,
    consumerId: record.consumerId,
    status: record.status,
    authenticated: record.authenticated,
    ...(record.agentId === null ? {} : { agentId: record.agentId }),
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.closedAt === null ? {} : { closedAt: new Date(record.closedAt).toISOString() }),
  };
}

/** The §4 `message` shape of a stored message. */
export function toMessage(record: MessageRecord): Message {
  return {
    id: record.id,
    seq: record.seq,
    from: record.from,
    text: record.text,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.clientMessageId === null ? {} : { clientMessageId: record.clientMessageId }),
  };
}
