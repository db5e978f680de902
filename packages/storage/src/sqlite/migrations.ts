import type Database from 'better-sqlite3';
import {
  ONE_TIME_KINDS_WITH_ANONYMOUS_REF,
  oneTimeRecordsTableSql,
  pendingMigrations,
  schemaMigrations,
  type Migration,
  type SqlDialect,
} from '../schema.ts';

export type { Migration } from '../schema.ts';

const WITHOUT_ROWID = ' WITHOUT ROWID';

/** Times are integer epoch ms; JSON columns are TEXT holding `JSON.stringify` output. */
const sqlite: SqlDialect = {
  types: {
    TEXT: 'TEXT',
    COUNTER: 'INTEGER',
    TIME: 'INTEGER',
    JSON: 'TEXT',
    BOOLEAN: 'INTEGER',
    REPLAY_KEY: 'TEXT',
  },
  keyedTable: WITHOUT_ROWID,
  byteOrder: '', // BINARY, SQLite's default collation, compares bytes
  conversationOrder: '',
  messageSeqInTable: '',
  messageSeqIndex: '\n      CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);',
  // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the new kind
  oneTimeKindsWithAnonymousRef: `${oneTimeRecordsTableSql('one_time_records_v8', ONE_TIME_KINDS_WITH_ANONYMOUS_REF, WITHOUT_ROWID)}
      INSERT INTO one_time_records_v8 (kind, account_id, id, payload, expires_at)
        SELECT kind, account_id, id, payload, expires_at FROM one_time_records;
      DROP TABLE one_time_records;
      ALTER TABLE one_time_records_v8 RENAME TO one_time_records;
      CREATE INDEX one_time_records_expires_at ON one_time_records (expires_at);
    `,
};

/** The SQLite schema, oldest first: the shared steps in SQLite's words. */
export const migrations: readonly Migration[] = schemaMigrations(sqlite);

/**
 * Applies the pending `list` steps in one IMMEDIATE transaction (so two processes opening one
 * file at once cannot both apply a step) and records each in the `migrations` table. Idempotent.
 * Throws if the file was migrated by a newer Parley (it holds a step this code does not know).
 * Returns the ids applied now.
 *
 * @example
 * ```ts
 * migrate(db); // [1] on a new file, [] on every later open
 * ```
 */
export function migrate(
  db: Database.Database,
  list: readonly Migration[] = migrations,
  now = Date.now(),
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const appliedIds = db.prepare<[], { id: number }>('SELECT id FROM migrations ORDER BY id');
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)',
  );
  const run = db.transaction((): number[] => {
    const pending = pendingMigrations(
      list,
      appliedIds.all().map((row) => row.id),
    );
    for (const step of pending) {
      db.exec(step.sql);
      record.run(step.id, step.name, now);
    }
    return pending.map((step) => step.id);
  });
  return run.immediate();
}
