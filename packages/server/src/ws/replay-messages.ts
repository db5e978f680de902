import {
  resumeConversation,
  toMessage,
  type AgentActor,
  type ConsumerActor,
  type ConversationDeps,
} from '@parley/core';
import type { ResumeFrame } from '@parley/protocol';
import type { Connection } from './connection.ts';

/**
 * `resume`: sends every `message.created` after `lastSeq` in order, page by page, then
 * `resume.done`. Live messages of that conversation arriving meanwhile are held and sent after
 * the replay (skipping what the replay already sent), so the socket sees each seq once, in order.
 */
export async function replayMessages(
  connection: Connection,
  deps: ConversationDeps,
  reader: { consumer: ConsumerActor } | { agent: AgentActor },
  frame: ResumeFrame,
  pageSize: number,
): Promise<void> {
  const { conversationId } = frame;
  const held: NonNullable<ReturnType<typeof connection.replaying.get>> = [];
  connection.replaying.set(conversationId, held);
  try {
    let last = frame.lastSeq;
    for (;;) {
      const page = await resumeConversation(deps, reader, { conversationId, lastSeq: last, limit: pageSize });
      for (const message of page.messages) {
        if (!connection.send({ type: 'message.created', conversationId, message: toMessage(message) }))
          return;
        last = message.seq;
      }
      if (page.messages.length < pageSize) break;
    }
    connection.replaying.delete(conversationId);
    for (const live of held.sort((a, b) => a.message.seq - b.message.seq)) {
      if (live.message.seq <= last) continue;
      if (!connection.send(live)) return;
      last = live.message.seq;
    }
    connection.send({
      type: 'resume.done',
      conversationId,
      lastSeq: last,
      ...(frame.id === undefined ? {} : { id: frame.id }),
    });
  } finally {
    connection.replaying.delete(conversationId);
  }
}
