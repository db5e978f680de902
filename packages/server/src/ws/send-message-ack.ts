import type { SentMessage } from '@parley/core';
import type { Connection } from './connection.ts';

/**
 * Acknowledges a `message.send` once the message is stored (§4): the same ack for a repeated
 * `clientMessageId`, echoing the frame's `id`. Shared by the consumer and agent sockets.
 *
 * @example
 * ```ts
 * sendMessageAck(connection, frame, await sendConsumerMessage(deps, actor, frame));
 * ```
 */
export function sendMessageAck(
  connection: Connection,
  frame: { clientMessageId: string; id?: string },
  sent: SentMessage,
): void {
  if (sent.created) connection.metrics.messageStored(connection.role);
  connection.send({
    type: 'message.ack',
    clientMessageId: frame.clientMessageId,
    conversationId: sent.conversation.id,
    messageId: sent.message.id,
    seq: sent.message.seq,
    ...(frame.id === undefined ? {} : { id: frame.id }),
  });
}
