import type Database from 'better-sqlite3';
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

/** Options of the SQLite PKCE and state stores. */
export interface SqliteOneTimeStoreOptions {
  /** Source of "now" for dropping long-expired rows; defaults to the wall clock. */
  clock?: Clock;
}

interface Row {
  payload: string;
}

/**
 * Single-use rows in `one_time_records` (kind, account, id): `take` is one atomic
 * `DELETE ... RETURNING`, so two concurrent takes cannot both win. Rows expired longer than
 * the retention are deleted every 256 puts (indexed on `expires_at`).
 */
function createOneTimeTable<T extends { id: string; accountId: string; expiresAt: number }>(
  db: Database.Database,
  kind: 'pkce' | 'state' | 'anonymous-ref',
  options: SqliteOneTimeStoreOptions,
) {
  const clock = options.clock ?? systemClock;
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO one_time_records (kind, account_id, id, payload, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const take = db.prepare<[string, string, string], Row>(
    'DELETE FROM one_time_records WHERE kind = ? AND account_id = ? AND id = ? RETURNING payload',
  );
  const sweep = db.prepare<[number]>('DELETE FROM one_time_records WHERE expires_at <= ?');
  let puts = 0;
  return {
    async put(record: T): Promise<void> {
      if (++puts % 256 === 0) sweep.run(clock.now() - ONE_TIME_RECORD_RETENTION_MS);
      insert.run(kind, record.accountId, record.id, JSON.stringify(record), record.expiresAt);
    },
    async take(accountId: string, id: string): Promise<T | null> {
      const row = take.get(kind, accountId, id);
      if (row === undefined) return null;
      const record = JSON.parse(row.payload) as T;
      return record.expiresAt <= clock.now() - ONE_TIME_RECORD_RETENTION_MS ? null : record;
    },
  };
}

/**
 * SQLite {@link PkceStore}: shared by every process using the same database file.
 */
export function createSqlitePkceStore(
  db: Database.Database,
  options: SqliteOneTimeStoreOptions = {},
): PkceStore {
  return createOneTimeTable<PkceTransactionRecord>(db, 'pkce', options);
}

/**
 * SQLite {@link StateStore} for popup states.
 */
export function createSqliteStateStore(
  db: Database.Database,
  options: SqliteOneTimeStoreOptions = {},
): StateStore {
  return createOneTimeTable<PopupStateRecord>(db, 'state', options);
}

/**
 * SQLite {@link AnonymousRefStore} for popup step-up references.
 */
export function createSqliteAnonymousRefStore(
  db: Database.Database,
  options: SqliteOneTimeStoreOptions = {},
): AnonymousRefStore {
  return createOneTimeTable<AnonymousRefRecord>(db, 'anonymous-ref', options);
}
