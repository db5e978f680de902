import type { ConversationRecord, ConversationStore, MessageRecord } from '@parley/core';

interface Entry {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  byClientId: Map<string, MessageRecord>;
}

const isOpen = (c: ConversationRecord) => c.status !== 'closed';

/**
 * In-memory {@link ConversationStore}. Every method runs synchronously inside its promise, so
 * `seq` assignment and the `clientMessageId` check are atomic in one process. Records are
 * copied in and out.
 */
export function createMemoryConversationStore(): ConversationStore {
  const entries = new Map<string, Entry>();
  const find = (accountId: string, id: string): Entry | undefined => {
    const entry = entries.get(id);
    return entry?.conversation.accountId === accountId ? entry : undefined;
  };
  const ofConsumer = (accountId: string, consumerId: string): Entry[] =>
    [...entries.values()].filter(
      (e) => e.conversation.accountId === accountId && e.conversation.consumerId === consumerId,
    );

  return {
    async openOrCreate({ accountId, consumerId, authenticated, newId, now }) {
      const open = ofConsumer(accountId, consumerId)
        .map((e) => e.conversation)
        .filter(isOpen)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      if (open) return { conversation: { ...open }, created: false };
      if (entries.has(newId)) throw new Error(`conversation id ${newId} already exists`);
      const conversation: ConversationRecord = {
        id: newId,
        accountId,
        consumerId,
        status: 'queued',
        authenticated,
        agentId: null,
        createdAt: now,
        closedAt: null,
        lastSeq: 0,
      };
      entries.set(newId, { conversation, messages: [], byClientId: new Map() });
      return { conversation: { ...conversation }, created: true };
    },
    async get(accountId, conversationId) {
      const entry = find(accountId, conversationId);
      return entry ? { ...entry.conversation } : null;
    },
    async listByConsumer(accountId, consumerId) {
      return ofConsumer(accountId, consumerId)
        .map((e) => ({ ...e.conversation }))
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async listByAccount(accountId, options = {}) {
      // newest first; equal times: the later inserted first (as the SQL adapters' rowid/ord)
      const ordered = [...entries.values()]
        .map((e, insertion) => ({ c: e.conversation, insertion }))
        .filter(({ c }) => c.accountId === accountId)
        .sort((a, b) => b.c.createdAt - a.c.createdAt || b.insertion - a.insertion);
      const start =
        options.beforeId === undefined ? 0 : ordered.findIndex(({ c }) => c.id === options.beforeId) + 1;
      if (start === 0 && options.beforeId !== undefined) return [];
      return ordered
        .slice(start)
        .map(({ c }) => c)
        .filter(
          (c) =>
            (options.statuses === undefined || options.statuses.includes(c.status)) &&
            (options.agentId === undefined || c.agentId === options.agentId),
        )
        .slice(0, options.limit ?? Number.MAX_SAFE_INTEGER)
        .map((c) => ({ ...c }));
    },
    async assign({ accountId, conversationId, agentId }) {
      const entry = find(accountId, conversationId);
      if (!entry) return null;
      const c = entry.conversation;
      if (c.status === 'queued') Object.assign(c, { status: 'active', agentId });
      return c.status === 'active' && c.agentId === agentId ? { ...c } : null;
    },
    async close({ accountId, conversationId, now }) {
      const entry = find(accountId, conversationId);
      if (!entry || entry.conversation.status === 'closed') return null;
      Object.assign(entry.conversation, { status: 'closed', closedAt: now });
      return { ...entry.conversation };
    },
    async appendMessage(input) {
      const entry = find(input.accountId, input.conversationId);
      if (!entry) return null;
      const first = input.clientMessageId === null ? undefined : entry.byClientId.get(input.clientMessageId);
      if (first) return { message: { ...first }, created: false };
      const message: MessageRecord = {
        id: input.id,
        conversationId: input.conversationId,
        seq: entry.conversation.lastSeq + 1,
        from: input.from,
        senderId: input.senderId,
        text: input.text,
        clientMessageId: input.clientMessageId,
        createdAt: input.now,
      };
      entry.conversation.lastSeq = message.seq;
      entry.messages.push(message);
      if (message.clientMessageId !== null) entry.byClientId.set(message.clientMessageId, message);
      return { message: { ...message }, created: true };
    },
    async listMessages(accountId, conversationId, options = {}) {
      const entry = find(accountId, conversationId);
      if (!entry) return [];
      const after = options.afterSeq ?? 0;
      // seq n sits at index n - 1: slice instead of scanning.
      return entry.messages
        .slice(after, after + (options.limit ?? entry.messages.length))
        .map((m) => ({ ...m }));
    },
    async moveConsumer({ accountId, fromConsumerId, toConsumerId }) {
      const moved = ofConsumer(accountId, fromConsumerId);
      for (const e of moved) Object.assign(e.conversation, { consumerId: toConsumerId, authenticated: true });
      return moved.map((e) => ({ ...e.conversation })).sort((a, b) => a.createdAt - b.createdAt);
    },
    async deleteByConsumer(accountId, consumerId) {
      for (const e of ofConsumer(accountId, consumerId)) entries.delete(e.conversation.id);
    },
  };
}
