import type { Pool } from 'pg';
import {
  ONE_TIME_RECORD_RETENTION_MS,
  systemClock,
  type AnonymousRefRecord,
  type AnonymousRefStore,
  type Clock,
  type PkceStore,
  type PkceTransactionRecord,
  type PopupStateRecord,
  type StateStore,
} from '@parley/core';
import { hasNul } from './open-pool.ts';

/** Options of the PostgreSQL PKCE and state stores. */
export interface PostgresOneTimeStoreOptions {
  /** Source of "now" for dropping long-expired rows; defaults to the wall clock. */
  clock?: Clock;
}

/**
 * Single-use rows in `one_time_records` (kind, account, id): `take` is one atomic
 * `DELETE ... RETURNING`, so of two nodes taking one id at once only one gets the row. Rows
 * expired longer than the retention are deleted every 256 puts (indexed on `expires_at`).
 */
function createOneTimeTable<T extends { id: string; accountId: string; expiresAt: number }>(
  pool: Pool,
  kind: 'pkce' | 'state' | 'anonymous-ref',
  options: PostgresOneTimeStoreOptions,
) {
  const clock = options.clock ?? systemClock;
  let puts = 0;
  return {
    async put(record: T): Promise<void> {
      if (++puts % 256 === 0) {
        await pool.query('DELETE FROM one_time_records WHERE expires_at <= $1', [
          clock.now() - ONE_TIME_RECORD_RETENTION_MS,
        ]);
      }
      await pool.query(
        'INSERT INTO one_time_records (kind, account_id, id, payload, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [kind, record.accountId, record.id, JSON.stringify(record), record.expiresAt],
      );
    },
    async take(accountId: string, id: string): Promise<T | null> {
      if (hasNul(accountId, id)) return null;
      const { rows } = await pool.query<{ payload: T }>(
        'DELETE FROM one_time_records WHERE kind = $1 AND account_id = $2 AND id = $3 RETURNING payload',
        [kind, accountId, id],
      );
      const record = rows[0]?.payload;
      if (record === undefined) return null;
      return record.expiresAt <= clock.now() - ONE_TIME_RECORD_RETENTION_MS ? null : record;
    },
  };
}

/**
 * PostgreSQL {@link PkceStore}: a transaction made on one node can be taken on any other.
 */
export function createPostgresPkceStore(pool: Pool, options: PostgresOneTimeStoreOptions = {}): PkceStore {
  return createOneTimeTable<PkceTransactionRecord>(pool, 'pkce', options);
}

/**
 * PostgreSQL {@link StateStore} for popup states (the popup may return to another node).
 */
export function createPostgresStateStore(pool: Pool, options: PostgresOneTimeStoreOptions = {}): StateStore {
  return createOneTimeTable<PopupStateRecord>(pool, 'state', options);
}

/**
 * PostgreSQL {@link AnonymousRefStore} for popup step-up references (any node may take one).
 */
export function createPostgresAnonymousRefStore(
  pool: Pool,
  options: PostgresOneTimeStoreOptions = {},
): AnonymousRefStore {
  return createOneTimeTable<AnonymousRefRecord>(pool, 'anonymous-ref', options);
}
