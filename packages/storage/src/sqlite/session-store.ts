import type Database from 'better-sqlite3';
import type { SessionStore } from '@parley/core';
import { toSessionRecord, type SessionRow } from '../session-row.ts';
import { writeBatcherFor } from './write-batcher.ts';
import { consumerRowsSql } from '../consumer-rows.ts';

/**
 * SQLite {@link SessionStore}. Statements are prepared once, here; bulk revocations are one
 * `UPDATE ... RETURNING id` each. A session is live while `revoked_at` is NULL. The login-path
 * writes (`create`, `revoke`) go through the connection's group commit ({@link writeBatcherFor}).
 *
 * @example
 * ```ts
 * const sessions = createSqliteSessionStore(db); // db already migrated
 * ```
 */
export function createSqliteSessionStore(db: Database.Database): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (id, account_id, consumer_id, authenticated, connector_id, brand_sid, brand_sub, created_at, expires_at, revoked_at)
     VALUES (@id, @accountId, @consumerId, @authenticated, @connectorId, @brandSid, @brandSub, @createdAt, @expiresAt, @revokedAt)`,
  );
  const selectById = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const selectByConsumer = db.prepare<[string, string], SessionRow>(
    consumerRowsSql({ table: 'sessions', orderBy: 'created_at, id' }, ['?', '?']),
  );
  /** Sets `column` (a fixed name, never input) of a session not revoked yet. */
  const setOnLiveSession = (column: 'expires_at' | 'revoked_at') =>
    db.prepare<[number, string]>(`UPDATE sessions SET ${column} = ? WHERE id = ? AND revoked_at IS NULL`);
  const extend = setOnLiveSession('expires_at');
  const revoke = setOnLiveSession('revoked_at');
  const revokeByConsumer = db.prepare<[number, string, string], { id: string }>(
    `UPDATE sessions SET revoked_at = ?
     WHERE account_id = ? AND consumer_id = ? AND revoked_at IS NULL RETURNING id`,
  );
  const revokeByBrandSid = db.prepare<[number, string, string, string], { id: string }>(
    `UPDATE sessions SET revoked_at = ?
     WHERE account_id = ? AND connector_id = ? AND brand_sid = ? AND revoked_at IS NULL RETURNING id`,
  );
  const revokeByBrandSub = db.prepare<[number, string, string, string], { id: string }>(
    `UPDATE sessions SET revoked_at = ?
     WHERE account_id = ? AND connector_id = ? AND brand_sub = ? AND revoked_at IS NULL RETURNING id`,
  );
  const deleteByConsumer = db.prepare<[string, string]>(
    'DELETE FROM sessions WHERE account_id = ? AND consumer_id = ?',
  );
  const purgeExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at < ?');
  const batcher = writeBatcherFor(db);

  return {
    async create(session) {
      const row = { ...session, authenticated: session.authenticated ? 1 : 0 };
      await batcher.run(() => insert.run(row));
    },

    async get(sessionId) {
      const row = selectById.get(sessionId);
      return row ? toSessionRecord(row) : null;
    },

    async listByConsumer(accountId, consumerId) {
      return selectByConsumer.all(accountId, consumerId).map(toSessionRecord);
    },

    async extend(sessionId, expiresAt) {
      return extend.run(expiresAt, sessionId).changes > 0;
    },

    revoke(sessionId, now) {
      return batcher.run(() => revoke.run(now, sessionId).changes > 0);
    },

    async revokeByConsumer(accountId, consumerId, now) {
      return revokeByConsumer.all(now, accountId, consumerId).map((row) => row.id);
    },

    async revokeByBrandSid(accountId, connectorId, brandSid, now) {
      return revokeByBrandSid.all(now, accountId, connectorId, brandSid).map((row) => row.id);
    },

    async revokeByBrandSub(accountId, connectorId, brandSub, now) {
      return revokeByBrandSub.all(now, accountId, connectorId, brandSub).map((row) => row.id);
    },

    async deleteByConsumer(accountId, consumerId) {
      deleteByConsumer.run(accountId, consumerId);
    },

    async purgeExpired(before) {
      return purgeExpired.run(before).changes;
    },
  };
}
