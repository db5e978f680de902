import type Database from 'better-sqlite3';
import type { ReplayCache } from '@parley/core';
import { sweepSettings, type SweepingReplayCacheOptions } from '../replay-sweep-options.ts';
import { writeBatcherFor } from './write-batcher.ts';

/** The SQLite replay cache, plus an explicit sweep for tests and maintenance. */
export interface SqliteReplayCache extends ReplayCache {
  /** Deletes every expired row now; returns how many it deleted. */
  sweep(): number;
}

export type SqliteReplayCacheOptions = SweepingReplayCacheOptions;

/**
 * SQLite {@link ReplayCache}. `remember` is one atomic upsert: it inserts the key, or takes
 * over an expired one (`now >= expires_at`), and reports whether it changed a row, once the
 * group commit holding it has committed (see {@link writeBatcherFor}). Every
 * `sweepEvery` successful inserts it deletes expired rows (indexed on `expires_at`, so the
 * sweep costs only the rows it removes); no timer keeps the process alive.
 *
 * @example
 * ```ts
 * const replay = createSqliteReplayCache(db, { clock });
 * await replay.remember('jti:abc', exp * 1000); // true, then false until exp
 * ```
 */
export function createSqliteReplayCache(
  db: Database.Database,
  options: SqliteReplayCacheOptions = {},
): SqliteReplayCache {
  const { clock, sweepEvery } = sweepSettings(options);
  const upsert = db.prepare<[string, number, number]>(
    `INSERT INTO replay (key, expires_at) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE replay.expires_at <= ?`,
  );
  const deleteExpired = db.prepare<[number]>('DELETE FROM replay WHERE expires_at <= ?');
  const batcher = writeBatcherFor(db);
  let insertsSinceSweep = 0;

  const sweep = (): number => {
    insertsSinceSweep = 0;
    return deleteExpired.run(clock.now()).changes;
  };

  return {
    remember(key, expiresAt) {
      const now = clock.now();
      return batcher.run(() => {
        const recorded = upsert.run(key, expiresAt, now).changes > 0;
        if (recorded && ++insertsSinceSweep >= sweepEvery) sweep();
        return recorded;
      });
    },
    sweep,
  };
}
