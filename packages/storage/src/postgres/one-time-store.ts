import type { Pool } from 'pg';
import type { AnonymousRefStore, OneTimeRecord, PkceStore, StateStore } from '@parley/core';
import {
  createSqlOneTimeStore,
  type OneTimeKind,
  type OneTimeRecords,
  type OneTimeStoreOptions,
} from '../one-time-records.ts';
import { hasNul } from './open-pool.ts';

/** Options of the PostgreSQL PKCE and state stores. */
export type PostgresOneTimeStoreOptions = OneTimeStoreOptions;

/**
 * Single-use rows in `one_time_records` (kind, account, id): `remove` is one atomic
 * `DELETE ... RETURNING`, so of two nodes taking one id at once only one gets the row.
 */
function oneTimeRows(pool: Pool, kind: OneTimeKind): OneTimeRecords<OneTimeRecord> {
  return {
    async insert(record) {
      await pool.query(
        'INSERT INTO one_time_records (kind, account_id, id, payload, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [kind, record.accountId, record.id, JSON.stringify(record), record.expiresAt],
      );
    },
    async remove(accountId, id) {
      if (hasNul(accountId, id)) return undefined;
      const { rows } = await pool.query<{ payload: OneTimeRecord }>(
        'DELETE FROM one_time_records WHERE kind = $1 AND account_id = $2 AND id = $3 RETURNING payload',
        [kind, accountId, id],
      );
      return rows[0]?.payload;
    },
    async deleteExpired(cutoff) {
      await pool.query('DELETE FROM one_time_records WHERE expires_at <= $1', [cutoff]);
    },
  };
}

/**
 * PostgreSQL {@link PkceStore}: a transaction made on one node can be taken on any other.
 */
export function createPostgresPkceStore(pool: Pool, options: PostgresOneTimeStoreOptions = {}): PkceStore {
  return createSqlOneTimeStore((kind) => oneTimeRows(pool, kind), 'pkce', options);
}

/**
 * PostgreSQL {@link StateStore} for popup states (the popup may return to another node).
 */
export function createPostgresStateStore(pool: Pool, options: PostgresOneTimeStoreOptions = {}): StateStore {
  return createSqlOneTimeStore((kind) => oneTimeRows(pool, kind), 'state', options);
}

/**
 * PostgreSQL {@link AnonymousRefStore} for popup step-up references (any node may take one).
 */
export function createPostgresAnonymousRefStore(
  pool: Pool,
  options: PostgresOneTimeStoreOptions = {},
): AnonymousRefStore {
  return createSqlOneTimeStore((kind) => oneTimeRows(pool, kind), 'anonymous-ref', options);
}
