import type { Pool } from 'pg';
import type { SessionStore } from '@parley/core';
import { toSessionRecord, type SessionRow } from '../session-row.ts';
import { hasNul } from './open-pool.ts';
import { rowsOfConsumer } from './rows-of-consumer.ts';

/**
 * PostgreSQL {@link SessionStore}. A session is live while `revoked_at` is NULL; bulk
 * revocations are one `UPDATE ... RETURNING id` each, so a concurrent revoke on another node
 * cannot report the same session twice.
 *
 * @example
 * ```ts
 * const sessions = createPostgresSessionStore(pool); // pool already migrated
 * ```
 */
export function createPostgresSessionStore(pool: Pool): SessionStore {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  /** Sets `column` (a fixed name, never input) of a session not revoked yet; false if there is none. */
  const setOnLiveSession = async (column: 'expires_at' | 'revoked_at', value: number, sessionId: string) => {
    if (hasNul(sessionId)) return false;
    const { rowCount } = await pool.query(
      `UPDATE sessions SET ${column} = $1 WHERE id = $2 AND revoked_at IS NULL`,
      [value, sessionId],
    );
    return (rowCount ?? 0) > 0;
  };
  /** Revokes the live sessions of one connector whose `column` (a fixed name, never input) is `value`. */
  const revokeByBrand = async (
    column: 'brand_sid' | 'brand_sub',
    accountId: string,
    connectorId: string,
    value: string,
    now: number,
  ): Promise<string[]> => {
    if (hasNul(accountId, connectorId, value)) return [];
    const { rows } = await pool.query<{ id: string }>(
      `UPDATE sessions SET revoked_at = $1
       WHERE account_id = $2 AND connector_id = $3 AND ${column} = $4 AND revoked_at IS NULL RETURNING id`,
      [now, accountId, connectorId, value],
    );
    return ids(rows);
  };
  return {
    async create(s) {
      await pool.query(
        `INSERT INTO sessions (id, account_id, consumer_id, authenticated, connector_id, brand_sid, brand_sub, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          s.id,
          s.accountId,
          s.consumerId,
          s.authenticated,
          s.connectorId,
          s.brandSid,
          s.brandSub,
          s.createdAt,
          s.expiresAt,
          s.revokedAt,
        ],
      );
    },

    async get(sessionId) {
      if (hasNul(sessionId)) return null;
      const { rows } = await pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sessionId]);
      return rows[0] ? toSessionRecord(rows[0]) : null;
    },

    async listByConsumer(accountId, consumerId) {
      const query = { table: 'sessions', orderBy: 'created_at, id COLLATE "C"' } as const;
      return (await rowsOfConsumer<SessionRow>(pool, query, accountId, consumerId)).map(toSessionRecord);
    },

    extend: (sessionId, expiresAt) => setOnLiveSession('expires_at', expiresAt, sessionId),

    revoke: (sessionId, now) => setOnLiveSession('revoked_at', now, sessionId),

    async revokeByConsumer(accountId, consumerId, now) {
      if (hasNul(accountId, consumerId)) return [];
      const { rows } = await pool.query<{ id: string }>(
        `UPDATE sessions SET revoked_at = $1
         WHERE account_id = $2 AND consumer_id = $3 AND revoked_at IS NULL RETURNING id`,
        [now, accountId, consumerId],
      );
      return ids(rows);
    },

    revokeByBrandSid: (accountId, connectorId, brandSid, now) =>
      revokeByBrand('brand_sid', accountId, connectorId, brandSid, now),

    revokeByBrandSub: (accountId, connectorId, brandSub, now) =>
      revokeByBrand('brand_sub', accountId, connectorId, brandSub, now),

    async deleteByConsumer(accountId, consumerId) {
      if (hasNul(accountId, consumerId)) return;
      await pool.query('DELETE FROM sessions WHERE account_id = $1 AND consumer_id = $2', [
        accountId,
        consumerId,
      ]);
    },

    async purgeExpired(before) {
      const { rowCount } = await pool.query('DELETE FROM sessions WHERE expires_at < $1', [before]);
      return rowCount ?? 0;
    },
  };
}
