import type Database from 'better-sqlite3';
import type { AnonymousRefStore, OneTimeRecord, PkceStore, StateStore } from '@parley/core';
import {
  createSqlOneTimeStore,
  type OneTimeKind,
  type OneTimeRecords,
  type OneTimeStoreOptions,
} from '../one-time-records.ts';

/** Options of the SQLite PKCE and state stores. */
export type SqliteOneTimeStoreOptions = OneTimeStoreOptions;

/**
 * Single-use rows in `one_time_records` (kind, account, id): `remove` is one atomic
 * `DELETE ... RETURNING`, so two concurrent takes cannot both win.
 */
function oneTimeRows(db: Database.Database, kind: OneTimeKind): OneTimeRecords<OneTimeRecord> {
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO one_time_records (kind, account_id, id, payload, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const take = db.prepare<[string, string, string], { payload: string }>(
    'DELETE FROM one_time_records WHERE kind = ? AND account_id = ? AND id = ? RETURNING payload',
  );
  const sweep = db.prepare<[number]>('DELETE FROM one_time_records WHERE expires_at <= ?');
  return {
    insert(record) {
      insert.run(kind, record.accountId, record.id, JSON.stringify(record), record.expiresAt);
    },
    remove(accountId, id) {
      const row = take.get(kind, accountId, id);
      return row === undefined ? undefined : (JSON.parse(row.payload) as OneTimeRecord);
    },
    deleteExpired(cutoff) {
      sweep.run(cutoff);
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
  return createSqlOneTimeStore((kind) => oneTimeRows(db, kind), 'pkce', options);
}

/**
 * SQLite {@link StateStore} for popup states.
 */
export function createSqliteStateStore(
  db: Database.Database,
  options: SqliteOneTimeStoreOptions = {},
): StateStore {
  return createSqlOneTimeStore((kind) => oneTimeRows(db, kind), 'state', options);
}

/**
 * SQLite {@link AnonymousRefStore} for popup step-up references.
 */
export function createSqliteAnonymousRefStore(
  db: Database.Database,
  options: SqliteOneTimeStoreOptions = {},
): AnonymousRefStore {
  return createSqlOneTimeStore((kind) => oneTimeRows(db, kind), 'anonymous-ref', options);
}
