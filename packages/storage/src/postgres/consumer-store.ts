import type { Pool } from 'pg';
import type { ConsumerStore } from '@parley/core';
import { toConsumerRecord, type ConsumerRow } from '../consumer-row.ts';
import { hasNul } from './open-pool.ts';

const COLUMNS =
  'id, account_id, issuer, subject, claims, unverified, created_at, last_authenticated_at, merged_into';

/**
 * PostgreSQL {@link ConsumerStore}. Find-or-create is `INSERT ... ON CONFLICT (account_id,
 * issuer, subject) DO NOTHING RETURNING`, then a `SELECT` when another caller won: the unique
 * index makes the loser wait for the winner's commit, so every node gets the one row. Claims
 * are `jsonb`; `pg` parses them afresh per query, so returned records are copies. A login
 * (`upsertAuthenticated`) is one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` round trip.
 *
 * @example
 * ```ts
 * const consumers = createPostgresConsumerStore(pool); // pool already migrated
 * ```
 */
export function createPostgresConsumerStore(pool: Pool): ConsumerStore {
  const selectOne = async (accountId: string, id: string): Promise<ConsumerRow | undefined> => {
    if (hasNul(accountId, id)) return undefined;
    const { rows } = await pool.query<ConsumerRow>(
      `SELECT ${COLUMNS} FROM consumers WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    );
    return rows[0];
  };

  return {
    async findOrCreateByIdentity({ accountId, issuer, subject, newId, now }) {
      // Two tries: the row found on conflict could be deleted (admin erase) before the SELECT.
      for (let attempt = 0; attempt < 2; attempt++) {
        const inserted = await pool.query<ConsumerRow>(
          `INSERT INTO consumers (id, account_id, issuer, subject, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (account_id, issuer, subject) DO NOTHING RETURNING ${COLUMNS}`,
          [newId, accountId, issuer, subject, now],
        );
        const row =
          inserted.rows[0] ??
          (
            await pool.query<ConsumerRow>(
              `SELECT ${COLUMNS} FROM consumers WHERE account_id = $1 AND issuer = $2 AND subject = $3`,
              [accountId, issuer, subject],
            )
          ).rows[0];
        if (row) return toConsumerRecord(row);
      }
      throw new Error('consumer vanished right after it was written');
    },

    async upsertAuthenticated({ accountId, issuer, subject, newId, claims, now }) {
      // DO UPDATE (unlike DO NOTHING) locks and returns the existing row, so one round trip
      // always yields the row, even when racing callers or nodes insert the same identity.
      const { rows } = await pool.query<ConsumerRow>(
        `INSERT INTO consumers (id, account_id, issuer, subject, claims, created_at, last_authenticated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (account_id, issuer, subject)
         DO UPDATE SET claims = excluded.claims, last_authenticated_at = excluded.last_authenticated_at
         RETURNING ${COLUMNS}`,
        [newId, accountId, issuer, subject, JSON.stringify(claims), now],
      );
      const row = rows[0];
      if (!row) throw new Error('consumer upsert returned no row');
      return toConsumerRecord(row);
    },

    async findByIdentity(accountId, issuer, subject) {
      if (hasNul(accountId, issuer, subject)) return null;
      const { rows } = await pool.query<ConsumerRow>(
        `SELECT ${COLUMNS} FROM consumers WHERE account_id = $1 AND issuer = $2 AND subject = $3`,
        [accountId, issuer, subject],
      );
      return rows[0] ? toConsumerRecord(rows[0]) : null;
    },

    async createAnonymous({ accountId, id, now }) {
      const { rows } = await pool.query<ConsumerRow>(
        `INSERT INTO consumers (id, account_id, created_at) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [id, accountId, now],
      );
      const row = rows[0];
      if (!row) throw new Error('anonymous consumer insert returned no row');
      return toConsumerRecord(row);
    },

    async get(accountId, consumerId) {
      const row = await selectOne(accountId, consumerId);
      return row ? toConsumerRecord(row) : null;
    },

    async saveVerifiedClaims({ accountId, consumerId, claims, now }) {
      if (hasNul(accountId, consumerId)) return;
      await pool.query(
        'UPDATE consumers SET claims = $1, last_authenticated_at = $2 WHERE account_id = $3 AND id = $4',
        [JSON.stringify(claims), now, accountId, consumerId],
      );
    },

    async setUnverified(accountId, consumerId, attributes) {
      if (hasNul(accountId, consumerId)) return;
      await pool.query('UPDATE consumers SET unverified = $1 WHERE account_id = $2 AND id = $3', [
        JSON.stringify(attributes),
        accountId,
        consumerId,
      ]);
    },

    async linkAnonymous({ accountId, anonymousId, authenticatedId }) {
      if (hasNul(accountId, anonymousId)) return;
      await pool.query('UPDATE consumers SET merged_into = $1 WHERE account_id = $2 AND id = $3', [
        authenticatedId,
        accountId,
        anonymousId,
      ]);
    },

    async delete(accountId, consumerId) {
      if (hasNul(accountId, consumerId)) return false;
      const { rowCount } = await pool.query('DELETE FROM consumers WHERE account_id = $1 AND id = $2', [
        accountId,
        consumerId,
      ]);
      return (rowCount ?? 0) > 0;
    },
  };
}
