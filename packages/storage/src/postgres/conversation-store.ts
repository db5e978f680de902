import type { Pool, PoolClient } from 'pg';
import type { ConversationStore } from '@parley/core';
import { toConversation, toMessage, type ConversationRow, type MessageRow } from '../conversation-row.ts';
import { hasNul } from './open-pool.ts';
import { inTransaction } from './transaction.ts';
import { rowsOfConsumer } from './rows-of-consumer.ts';

const C = 'id, account_id, consumer_id, status, authenticated, agent_id, created_at, closed_at, last_seq';
const M =
  'm.id, m.conversation_id, m.seq, m.from_role, m.sender_id, m.text, m.client_message_id, m.created_at';
const ALL_STATUSES = ['queued', 'active', 'closed'] as const;

/** Serialises `openOrCreate` per consumer across nodes (transaction-scoped advisory lock). */
const lockConsumer = (tx: PoolClient, accountId: string, consumerId: string) =>
  tx.query("SELECT pg_advisory_xact_lock(hashtext('parley.conversation:' || $1 || ':' || $2))", [
    accountId,
    consumerId,
  ]);

/**
 * PostgreSQL {@link ConversationStore}. `openOrCreate` holds a per-consumer advisory lock, so
 * racing nodes create one conversation; `appendMessage` locks the conversation row
 * (`FOR UPDATE`) before it looks for the `clientMessageId` and bumps `last_seq`, so `seq` is
 * gap-free and a repeated client id returns the first message. Unique indexes on
 * (conversation, seq) and (conversation, client id) back both rules.
 *
 * @example
 * ```ts
 * const conversations = createPostgresConversationStore(pool); // pool already migrated
 * ```
 */
export function createPostgresConversationStore(pool: Pool): ConversationStore {
  const selectOne = async (q: Pool | PoolClient, accountId: string, id: string, forUpdate = false) => {
    if (hasNul(accountId, id)) return undefined;
    const { rows } = await q.query<ConversationRow>(
      `SELECT ${C} FROM conversations WHERE account_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [accountId, id],
    );
    return rows[0];
  };

  return {
    async openOrCreate({ accountId, consumerId, authenticated, newId, now }) {
      return inTransaction(pool, async (tx) => {
        await lockConsumer(tx, accountId, consumerId);
        const open = await tx.query<ConversationRow>(
          `SELECT ${C} FROM conversations WHERE account_id = $1 AND consumer_id = $2 AND status <> 'closed'
           ORDER BY created_at DESC, ord DESC LIMIT 1`,
          [accountId, consumerId],
        );
        if (open.rows[0]) return { conversation: toConversation(open.rows[0]), created: false };
        const { rows } = await tx.query<ConversationRow>(
          `INSERT INTO conversations (id, account_id, consumer_id, status, authenticated, created_at)
           VALUES ($1, $2, $3, 'queued', $4, $5) RETURNING ${C}`,
          [newId, accountId, consumerId, authenticated, now],
        );
        return { conversation: toConversation(required(rows[0])), created: true };
      });
    },

    async get(accountId, conversationId) {
      const row = await selectOne(pool, accountId, conversationId);
      return row ? toConversation(row) : null;
    },

    async listByConsumer(accountId, consumerId) {
      const query = { table: 'conversations', columns: C, orderBy: 'created_at, ord' } as const;
      return (await rowsOfConsumer<ConversationRow>(pool, query, accountId, consumerId)).map(toConversation);
    },

    async listByAccount(accountId, options = {}) {
      if (hasNul(accountId, options.agentId ?? '', options.beforeId ?? '')) return [];
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${C} FROM conversations
         WHERE account_id = $1 AND status = ANY($2::text[]) AND ($3::text IS NULL OR agent_id = $3)
           AND ($5::text IS NULL OR (created_at, ord) <
             (SELECT created_at, ord FROM conversations WHERE account_id = $1 AND id = $5))
         ORDER BY created_at DESC, ord DESC LIMIT $4`,
        [
          accountId,
          [...(options.statuses ?? ALL_STATUSES)],
          options.agentId ?? null,
          options.limit ?? null,
          options.beforeId ?? null,
        ],
      );
      return rows.map(toConversation);
    },

    async assign({ accountId, conversationId, agentId }) {
      if (hasNul(accountId, conversationId)) return null;
      const { rows } = await pool.query<ConversationRow>(
        `UPDATE conversations SET status = 'active', agent_id = $1
         WHERE account_id = $2 AND id = $3 AND (status = 'queued' OR (status = 'active' AND agent_id = $1))
         RETURNING ${C}`,
        [agentId, accountId, conversationId],
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async close({ accountId, conversationId, now }) {
      if (hasNul(accountId, conversationId)) return null;
      const { rows } = await pool.query<ConversationRow>(
        `UPDATE conversations SET status = 'closed', closed_at = $1
         WHERE account_id = $2 AND id = $3 AND status <> 'closed' RETURNING ${C}`,
        [now, accountId, conversationId],
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async appendMessage(i) {
      if (hasNul(i.accountId, i.conversationId)) return null;
      return inTransaction(pool, async (tx) => {
        if (!(await selectOne(tx, i.accountId, i.conversationId, true))) return null;
        if (i.clientMessageId !== null) {
          const first = await tx.query<MessageRow>(
            `SELECT ${M} FROM messages m WHERE m.conversation_id = $1 AND m.client_message_id = $2`,
            [i.conversationId, i.clientMessageId],
          );
          if (first.rows[0]) return { message: toMessage(first.rows[0]), created: false };
        }
        const bumped = await tx.query<{ last_seq: number }>(
          'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
          [i.conversationId],
        );
        const seq = required(bumped.rows[0]).last_seq;
        const { rows } = await tx.query<MessageRow>(
          `INSERT INTO messages AS m (id, conversation_id, seq, from_role, sender_id, text, client_message_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${M}`,
          [i.id, i.conversationId, seq, i.from, i.senderId, i.text, i.clientMessageId, i.now],
        );
        return { message: toMessage(required(rows[0])), created: true };
      });
    },

    async listMessages(accountId, conversationId, options = {}) {
      if (hasNul(accountId, conversationId)) return [];
      const { rows } = await pool.query<MessageRow>(
        `SELECT ${M} FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.account_id = $1 AND m.conversation_id = $2 AND m.seq > $3 ORDER BY m.seq LIMIT $4`,
        [accountId, conversationId, options.afterSeq ?? 0, options.limit ?? null],
      );
      return rows.map(toMessage);
    },

    async moveConsumer({ accountId, fromConsumerId, toConsumerId }) {
      if (hasNul(accountId, fromConsumerId)) return [];
      const { rows } = await pool.query<ConversationRow & { ord: number }>(
        `UPDATE conversations SET consumer_id = $1, authenticated = true
         WHERE account_id = $2 AND consumer_id = $3 RETURNING ${C}, ord`,
        [toConsumerId, accountId, fromConsumerId],
      );
      return rows.sort((a, b) => a.created_at - b.created_at || a.ord - b.ord).map(toConversation);
    },

    async deleteByConsumer(accountId, consumerId) {
      if (hasNul(accountId, consumerId)) return;
      await pool.query('DELETE FROM conversations WHERE account_id = $1 AND consumer_id = $2', [
        accountId,
        consumerId,
      ]);
    },
  };
}

function required<T>(row: T | undefined): T {
  if (!row) throw new Error('conversation vanished right after it was written');
  return row;
}
