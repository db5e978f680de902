import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export interface OpenDatabaseOptions {
  /** File path, or `:memory:`. The parent directory is created (mode 0700) if missing. */
  path: string;
  /** Milliseconds a statement waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database tuned for Parley and migrated to the latest schema: WAL journal
 * (readers never block the writer), `synchronous = NORMAL` (durable across process crashes;
 * the last commits may roll back on power loss), a busy timeout, and foreign keys enforced.
 * The file holds sessions, conversations and keys: it is created (or tightened to) mode 0600,
 * which SQLite copies to its `-wal` and `-shm` files, whatever the process umask.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { path } = options;
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) createPrivateFile(path);
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

/** Creates the database file 0600 (its missing directories 0700) or tightens an existing one. */
function createPrivateFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    // the umask may have widened a new file; one made by an older version is 0644
    if (existsSync(file)) tighten(file);
  }
}

function tighten(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch (err) {
    // another user's file: SQLite still opens it if it may; its owner sets the mode
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
