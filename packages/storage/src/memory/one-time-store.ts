import {
  ONE_TIME_RECORD_RETENTION_MS,
  systemClock,
  type AnonymousRefRecord,
  type AnonymousRefStore,
  type Clock,
  type PkceStore,
  type PopupStateRecord,
  type PkceTransactionRecord,
  type StateStore,
} from '@parley/core';

/** Options of the memory PKCE and state stores. */
export interface MemoryOneTimeStoreOptions {
  /** Source of "now" for dropping long-expired records; defaults to the wall clock. */
  clock?: Clock;
}

interface OneTimeRecord {
  id: string;
  accountId: string;
  expiresAt: number;
}

/** A single-use record map: `take` deletes; records expired longer than the retention are swept on `put`. */
function createOneTimeMap<T extends OneTimeRecord>(options: MemoryOneTimeStoreOptions) {
  const clock = options.clock ?? systemClock;
  const records = new Map<string, T>();
  const key = (accountId: string, id: string) => JSON.stringify([accountId, id]);
  let putsSinceSweep = 0;
  const sweep = () => {
    const cutoff = clock.now() - ONE_TIME_RECORD_RETENTION_MS;
    for (const [k, record] of records) if (record.expiresAt <= cutoff) records.delete(k);
    putsSinceSweep = 0;
  };
  return {
    async put(record: T): Promise<void> {
      if (++putsSinceSweep >= Math.max(256, records.size)) sweep();
      const k = key(record.accountId, record.id);
      if (records.has(k)) throw new Error('one-time record id already exists');
      records.set(k, { ...record });
    },
    async take(accountId: string, id: string): Promise<T | null> {
      const k = key(accountId, id);
      const record = records.get(k);
      if (record === undefined) return null;
      records.delete(k);
      return record.expiresAt <= clock.now() - ONE_TIME_RECORD_RETENTION_MS ? null : record;
    },
  };
}

/**
 * In-memory {@link PkceStore} (single node only: a transaction made on one node cannot be
 * taken on another).
 *
 * @example
 * ```ts
 * const pkce = createMemoryPkceStore({ clock });
 * await pkce.put(record);
 * await pkce.take('acme', record.id); // record, then null
 * ```
 */
export function createMemoryPkceStore(options: MemoryOneTimeStoreOptions = {}): PkceStore {
  return createOneTimeMap<PkceTransactionRecord>(options);
}

/**
 * In-memory {@link StateStore} for popup states (single node only).
 */
export function createMemoryStateStore(options: MemoryOneTimeStoreOptions = {}): StateStore {
  return createOneTimeMap<PopupStateRecord>(options);
}

/**
 * In-memory {@link AnonymousRefStore} for popup step-up references (single node only).
 */
export function createMemoryAnonymousRefStore(options: MemoryOneTimeStoreOptions = {}): AnonymousRefStore {
  return createOneTimeMap<AnonymousRefRecord>(options);
}
