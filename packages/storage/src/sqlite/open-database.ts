import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export interface OpenDatabaseOptions {
  /** File path, or `:memory:`. The parent directory is created if missing. */
  path: string;
  /** Milliseconds a statement waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database tuned for Parley and migrated to the latest schema: WAL journal
 * (readers never block the writer), `synchronous = NORMAL` (durable across process crashes;
 * the last commits may roll back on power loss), a busy timeout, and foreign keys enforced.
 *
 * @example
 * ```ts
 * const db = openDatabase({ path: './data/parley.db' });
 * ```
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { path } = options;
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (!inMemory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal')
        throw new Error(`could not switch ${path} to WAL (journal_mode is ${String(mode)})`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
