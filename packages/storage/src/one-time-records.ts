import {
  ONE_TIME_RECORD_RETENTION_MS,
  systemClock,
  type Clock,
  type OneTimeRecord,
  type OneTimeStore,
} from '@parley/core';

/** Options of the PKCE, state and anonymous-reference stores of every adapter. */
export interface OneTimeStoreOptions {
  /** Source of "now" for dropping long-expired records; defaults to the wall clock. */
  clock?: Clock;
}

/** The `kind` column of `one_time_records`: which store a row belongs to. */
export type OneTimeKind = 'pkce' | 'state' | 'anonymous-ref';

/** Where one adapter keeps the records of one store. */
export interface OneTimeRecords<T extends OneTimeRecord> {
  /** Stores `record`; throws if its (account, id) is already held. */
  insert(record: T): Promise<void> | void;
  /** Removes and returns the record of (account, id) in one atomic step; undefined if none. */
  remove(accountId: string, id: string): Promise<T | undefined> | T | undefined;
  /** Drops the records that expired at `cutoff` or before. */
  deleteExpired(cutoff: number): Promise<void> | void;
  /**
   * How many puts may pass between two sweeps of long-expired records; 256 if not said (for the
   * SQL adapters the sweep is one DELETE on the `expires_at` index).
   */
  putsPerSweep?: () => number;
}

/**
 * A single-use store over `records`: `take` removes, records expired longer than the retention
 * are swept now and then on `put` and never returned (so core still tells "expired" from
 * "unknown" for {@link ONE_TIME_RECORD_RETENTION_MS}).
 */
export function createOneTimeStore<T extends OneTimeRecord>(
  records: OneTimeRecords<T>,
  options: OneTimeStoreOptions,
): OneTimeStore<T> {
  const clock = options.clock ?? systemClock;
  const retentionCutoff = () => clock.now() - ONE_TIME_RECORD_RETENTION_MS;
  let putsSinceSweep = 0;
  return {
    async put(record) {
      if (++putsSinceSweep >= (records.putsPerSweep?.() ?? 256)) {
        putsSinceSweep = 0;
        await records.deleteExpired(retentionCutoff());
      }
      await records.insert(record);
    },
    async take(accountId, id) {
      const record = await records.remove(accountId, id);
      if (record === undefined) return null;
      return record.expiresAt <= retentionCutoff() ? null : record;
    },
  };
}
