import type Database from 'better-sqlite3';

/**
 * Group commit for one SQLite connection. Every write queued while the event loop is busy
 * runs in ONE `BEGIN IMMEDIATE ... COMMIT` on the next turn (`setImmediate`), and each caller's
 * promise settles only after that COMMIT: a resolved write is as durable as an autocommit one,
 * but the locking, WAL page writes and checkpoints of a commit are paid once per batch instead
 * of once per write (the login path issues three writes per request).
 */
export interface WriteBatcher {
  /**
   * Queues `write` (ONE SQL statement, which SQLite makes atomic on its own: a failing
   * statement is rolled back alone and the batch goes on) and resolves with its result once
   * the batch has committed. Rejects with the statement's error, or with the BEGIN/COMMIT
   * error for every write of the batch.
   */
  run<T>(write: () => T): Promise<T>;
  /** Commits everything queued now, waiting on a lock like any statement (before closing). */
  flushNow(): void;
}

interface PendingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Began = 'begun' | { error: unknown; busy: boolean };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const batchers = new WeakMap<Database.Database, WriteBatcher>();

/**
 * The batcher of `db`, shared by every store on that connection so their writes commit together.
 *
 * @example
 * ```ts
 * const batcher = writeBatcherFor(db);
 * const changed = await batcher.run(() => upsert.run(key, expiresAt).changes > 0);
 * ```
 */
export function writeBatcherFor(db: Database.Database): WriteBatcher {
  let batcher = batchers.get(db);
  if (batcher === undefined) {
    batcher = createWriteBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}

function createWriteBatcher(db: Database.Database): WriteBatcher {
  const tx = prepareTransactionStatements(db);
  let queue: PendingWrite[] = [];
  let scheduled = false;
  // First failed BEGIN of the current batch: another process holds the write lock since then.
  let busySince: number | undefined;

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => flush());
  };

  /** Retries a BEGIN refused by another process's write lock without blocking this event loop. */
  const retryLater = (): void => {
    scheduled = true;
    setTimeout(() => flush(), 0);
  };

  function flush(blocking = false): void {
    scheduled = false;
    if (queue.length === 0) return;
    const began = blocking ? beginOrError() : tryBegin();
    if (began !== 'begun' && began.busy) {
      busySince ??= Date.now();
      if (Date.now() - busySince < tx.busyTimeoutMs) return retryLater();
    }
    busySince = undefined;
    const batch = queue;
    queue = [];
    if (began !== 'begun') return rejectAll(batch, began.error);
    const outcomes = batch.map(runOne);
    try {
      tx.commit.run();
    } catch (error) {
      if (db.inTransaction) tx.rollback.run();
      return rejectAll(batch, error);
    }
    settle(batch, outcomes);
  }

  /** BEGIN IMMEDIATE without waiting: another process's lock is retried on a later turn. */
  function tryBegin(): Began {
    if (!db.open) return { error: new TypeError('The database connection is not open'), busy: false };
    // busy_timeout takes effect when the PRAGMA is compiled, so it cannot be a prepared statement
    db.pragma('busy_timeout = 0');
    try {
      return beginOrError();
    } finally {
      db.pragma(`busy_timeout = ${tx.busyTimeoutMs}`);
    }
  }

  function beginOrError(): Began {
    try {
      tx.begin.run();
      return 'begun';
    } catch (error) {
      return { error, busy: isBusy(error) };
    }
  }

  function runOne(pending: PendingWrite): Outcome {
    if (!db.inTransaction) return { ok: false, error: new Error('the batch transaction was rolled back') };
    try {
      return { ok: true, value: pending.write() };
    } catch (error) {
      return { ok: false, error };
    }
  }

  return {
    run<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    flushNow() {
      busySince = undefined;
      flush(true); // waits for another process's lock up to busy_timeout, like an autocommit write
    },
  };
}

function prepareTransactionStatements(db: Database.Database) {
  const busyTimeoutMs = Number(db.pragma('busy_timeout', { simple: true }));
  return {
    busyTimeoutMs,
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
  };
}

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';
}

function rejectAll(batch: PendingWrite[], error: unknown): void {
  for (const pending of batch) pending.reject(error);
}

function settle(batch: PendingWrite[], outcomes: Outcome[]): void {
  batch.forEach((pending, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  });
}
