import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { ReplayCache } from '@parley/core';
import { sweepSettings, type SweepingReplayCacheOptions } from '../replay-sweep-options.ts';

/** The PostgreSQL replay cache, plus an explicit sweep for tests and maintenance. */
export interface PostgresReplayCache extends ReplayCache {
  /** Deletes every expired row now; resolves to how many it deleted. */
  sweep(): Promise<number>;
}

export type PostgresReplayCacheOptions = SweepingReplayCacheOptions;

/** SHA-256 of the key: fixed size, any characters (U+0000 included), nothing secret stored verbatim. */
export const replayDigest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * PostgreSQL {@link ReplayCache}. `remember` is one atomic upsert: it inserts the key, or takes
 * over an expired one (`now >= expires_at`), and reports whether it changed a row; racing nodes
 * serialise on the primary key, so exactly one wins. Every `sweepEvery` inserts it deletes
 * expired rows (indexed on `expires_at`); no timer keeps the process alive.
 *
 * @example
 * ```ts
 * const replay = createPostgresReplayCache(pool, { clock });
 * await replay.remember('jti:abc', exp * 1000); // true, then false until exp
 * ```
 */
export function createPostgresReplayCache(
  pool: Pool,
  options: PostgresReplayCacheOptions = {},
): PostgresReplayCache {
  const { clock, sweepEvery } = sweepSettings(options);
  let insertsSinceSweep = 0;

  const sweep = async (): Promise<number> => {
    insertsSinceSweep = 0;
    const { rowCount } = await pool.query('DELETE FROM replay WHERE expires_at <= $1', [clock.now()]);
    return rowCount ?? 0;
  };

  return {
    async remember(key, expiresAt) {
      const { rowCount } = await pool.query(
        `INSERT INTO replay (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE replay.expires_at <= $3`,
        [replayDigest(key), expiresAt, clock.now()],
      );
      const recorded = (rowCount ?? 0) > 0;
      if (recorded && ++insertsSinceSweep >= sweepEvery) await sweep();
      return recorded;
    },
    sweep,
  };
}
