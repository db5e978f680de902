import type Database from 'better-sqlite3';
import type { ConversationStore } from '@parley/core';
import { toConversation, toMessage, type ConversationRow, type MessageRow } from '../conversation-row.ts';
import { consumerRowsSql } from '../consumer-rows.ts';

const STATUSES = ['queued', 'active', 'closed'] as const;

/**
 * SQLite {@link ConversationStore}: statements prepared once; `openOrCreate` and
 * `appendMessage` run in IMMEDIATE transactions (the write lock is taken first), so `seq`
 * stays gap-free and a repeated `clientMessageId` returns the first message, even with several
 * processes on one file.
 *
 * @example
 * ```ts
 * const conversations = createSqliteConversationStore(db); // db already migrated
 * ```
 */
export function createSqliteConversationStore(db: Database.Database): ConversationStore {
  const s = prepare(db);
  const openOrCreate = db.transaction(
    (i: { accountId: string; consumerId: string; authenticated: boolean; newId: string; now: number }) => {
      const open = s.selectOpen.get(i.accountId, i.consumerId);
      if (open) return { conversation: toConversation(open), created: false };
      s.insertConversation.run(i.newId, i.accountId, i.consumerId, i.authenticated ? 1 : 0, i.now);
      return { conversation: toConversation(required(s.selectOne.get(i.accountId, i.newId))), created: true };
    },
  );
  const append = db.transaction((i: Parameters<ConversationStore['appendMessage']>[0]) => {
    if (i.clientMessageId !== null) {
      const first = s.selectByClientId.get(i.conversationId, i.clientMessageId);
      if (first)
        return s.selectOne.get(i.accountId, i.conversationId)
          ? { message: toMessage(first), created: false }
          : null;
    }
    const bumped = s.bumpSeq.get(i.accountId, i.conversationId);
    if (!bumped) return null;
    const row: MessageRow = {
      id: i.id,
      conversation_id: i.conversationId,
      seq: bumped.last_seq,
      from_role: i.from,
      sender_id: i.senderId,
      text: i.text,
      client_message_id: i.clientMessageId,
      created_at: i.now,
    };
    s.insertMessage.run(row);
    return { message: toMessage(row), created: true };
  });
  const move = db.transaction((accountId: string, from: string, to: string) => {
    const ids = s.selectByConsumer.all(accountId, from).map((r) => r.id);
    s.moveConsumer.run(to, accountId, from);
    return ids.map((id) => toConversation(required(s.selectOne.get(accountId, id))));
  });
  const assign = db.transaction((accountId: string, id: string, agentId: string) => {
    s.assign.run(agentId, accountId, id);
    const row = s.selectOne.get(accountId, id);
    return row && row.status === 'active' && row.agent_id === agentId ? toConversation(row) : null;
  });

  return {
    async openOrCreate(input) {
      return openOrCreate.immediate(input);
    },
    async get(accountId, conversationId) {
      const row = s.selectOne.get(accountId, conversationId);
      return row ? toConversation(row) : null;
    },
    async listByConsumer(accountId, consumerId) {
      return s.selectByConsumer.all(accountId, consumerId).map(toConversation);
    },
    async listByAccount(accountId, options = {}) {
      const statuses = options.statuses ?? STATUSES;
      const flags = STATUSES.map((st) => (statuses.includes(st) ? 1 : 0));
      return s.selectByAccount
        .all({
          accountId,
          queued: flags[0],
          active: flags[1],
          closed: flags[2],
          agentId: options.agentId ?? null,
          beforeId: options.beforeId ?? null,
          limit: options.limit ?? -1,
        })
        .map(toConversation);
    },
    async assign({ accountId, conversationId, agentId }) {
      return assign.immediate(accountId, conversationId, agentId);
    },
    async close({ accountId, conversationId, now }) {
      const row = s.close.get(now, accountId, conversationId);
      return row ? toConversation(row) : null;
    },
    async appendMessage(input) {
      return append.immediate(input);
    },
    async listMessages(accountId, conversationId, options = {}) {
      return s.selectMessages
        .all(accountId, conversationId, options.afterSeq ?? 0, options.limit ?? -1)
        .map(toMessage);
    },
    async moveConsumer({ accountId, fromConsumerId, toConsumerId }) {
      return move.immediate(accountId, fromConsumerId, toConsumerId);
    },
    async deleteByConsumer(accountId, consumerId) {
      s.deleteByConsumer.run(accountId, consumerId);
    },
  };
}

function required(row: ConversationRow | undefined): ConversationRow {
  if (!row) throw new Error('conversation vanished right after it was written');
  return row;
}

function prepare(db: Database.Database) {
  return {
    selectOne: db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE account_id = ? AND id = ?',
    ),
    selectOpen: db.prepare<[string, string], ConversationRow>(
      `SELECT * FROM conversations WHERE account_id = ? AND consumer_id = ? AND status != 'closed'
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ),
    insertConversation: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO conversations (id, account_id, consumer_id, status, authenticated, created_at)
       VALUES (?, ?, ?, 'queued', ?, ?)`,
    ),
    selectByConsumer: db.prepare<[string, string], ConversationRow>(
      consumerRowsSql({ table: 'conversations', orderBy: 'created_at, rowid' }, ['?', '?']),
    ),
    selectByAccount: db.prepare<
      [
        {
          accountId: string;
          queued: number | undefined;
          active: number | undefined;
          closed: number | undefined;
          agentId: string | null;
          beforeId: string | null;
          limit: number;
        },
      ],
      ConversationRow
    >(
      `SELECT * FROM conversations WHERE account_id = @accountId
         AND ((status = 'queued' AND @queued = 1) OR (status = 'active' AND @active = 1) OR (status = 'closed' AND @closed = 1))
         AND (@agentId IS NULL OR agent_id = @agentId)
         AND (@beforeId IS NULL OR (created_at, rowid) <
           (SELECT created_at, rowid FROM conversations WHERE account_id = @accountId AND id = @beforeId))
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    ),
    assign: db.prepare<[string, string, string]>(
      `UPDATE conversations SET status = 'active', agent_id = ? WHERE account_id = ? AND id = ? AND status = 'queued'`,
    ),
    close: db.prepare<[number, string, string], ConversationRow>(
      `UPDATE conversations SET status = 'closed', closed_at = ? WHERE account_id = ? AND id = ? AND status != 'closed'
       RETURNING *`,
    ),
    bumpSeq: db.prepare<[string, string], { last_seq: number }>(
      'UPDATE conversations SET last_seq = last_seq + 1 WHERE account_id = ? AND id = ? RETURNING last_seq',
    ),
    selectByClientId: db.prepare<[string, string], MessageRow>(
      'SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?',
    ),
    insertMessage: db.prepare<[MessageRow]>(
      `INSERT INTO messages (id, conversation_id, seq, from_role, sender_id, text, client_message_id, created_at)
       VALUES (@id, @conversation_id, @seq, @from_role, @sender_id, @text, @client_message_id, @created_at)`,
    ),
    selectMessages: db.prepare<[string, string, number, number], MessageRow>(
      `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.account_id = ? AND m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ),
    moveConsumer: db.prepare<[string, string, string]>(
      'UPDATE conversations SET consumer_id = ?, authenticated = 1 WHERE account_id = ? AND consumer_id = ?',
    ),
    deleteByConsumer: db.prepare<[string, string]>(
      'DELETE FROM conversations WHERE account_id = ? AND consumer_id = ?',
    ),
  };
}
