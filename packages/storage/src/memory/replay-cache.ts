import { systemClock, type Clock, type ReplayCache } from '@parley/core';

/** The memory replay cache, plus introspection for tests and metrics. */
export interface MemoryReplayCache extends ReplayCache {
  /** Entries held, expired ones not yet swept included. */
  size(): number;
  /** Drops every expired entry now; returns how many it dropped. */
  sweep(): number;
}

export interface MemoryReplayCacheOptions {
  /** Source of "now" for expiry; defaults to the wall clock. */
  clock?: Clock;
  /** Minimum inserts between two sweeps (default 1024). */
  minSweepInterval?: number;
}

/**
 * In-memory {@link ReplayCache}: one Map of key → expiry, O(1) per `remember`. An entry is
 * expired once `now >= expiresAt`. Expired entries are swept amortized, without a timer: a
 * sweep (O(size)) runs after as many inserts as the cache held after the previous sweep (at
 * least `minSweepInterval`), so each insert pays O(1) on average and the Map never grows past
 * about twice its live entries plus `minSweepInterval`.
 *
 * @example
 * ```ts
 * const replay = createMemoryReplayCache();
 * if (!(await replay.remember(`jti:${jti}`, exp * 1000))) throw new ParleyError('TOKEN_REPLAYED');
 * ```
 */
export function createMemoryReplayCache(options: MemoryReplayCacheOptions = {}): MemoryReplayCache {
  const clock = options.clock ?? systemClock;
  const minSweepInterval = options.minSweepInterval ?? 1024;
  if (!Number.isInteger(minSweepInterval) || minSweepInterval < 1) {
    throw new TypeError('minSweepInterval must be a positive integer');
  }
  const expiries = new Map<string, number>();
  let insertsSinceSweep = 0;
  let sweepAfter = minSweepInterval;

  const sweep = (): number => {
    const now = clock.now();
    let dropped = 0;
    for (const [key, expiresAt] of expiries) {
      if (expiresAt <= now) {
        expiries.delete(key);
        dropped++;
      }
    }
    insertsSinceSweep = 0;
    sweepAfter = Math.max(minSweepInterval, expiries.size);
    return dropped;
  };

  return {
    async remember(key, expiresAt) {
      const existing = expiries.get(key);
      if (existing !== undefined && existing > clock.now()) return false;
      expiries.set(key, expiresAt);
      if (++insertsSinceSweep >= sweepAfter) sweep();
      return true;
    },
    size: () => expiries.size,
    sweep,
  };
}
