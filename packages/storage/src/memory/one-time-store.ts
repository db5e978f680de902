import type { AnonymousRefStore, OneTimeRecord, PkceStore, StateStore } from '@parley/core';
import { createOneTimeStore, type OneTimeRecords, type OneTimeStoreOptions } from '../one-time-records.ts';

/** Options of the memory PKCE and state stores. */
export type MemoryOneTimeStoreOptions = OneTimeStoreOptions;

/** A map of one store's records; swept when the puts since the last sweep reach its size (at least 256). */
function createRecordMap<T extends OneTimeRecord>(): OneTimeRecords<T> {
  const records = new Map<string, T>();
  const key = (accountId: string, id: string) => JSON.stringify([accountId, id]);
  return {
    insert(record) {
      const k = key(record.accountId, record.id);
      if (records.has(k)) throw new Error('one-time record id already exists');
      records.set(k, { ...record });
    },
    remove(accountId, id) {
      const k = key(accountId, id);
      const record = records.get(k);
      records.delete(k);
      return record;
    },
    deleteExpired(cutoff) {
      for (const [k, record] of records) if (record.expiresAt <= cutoff) records.delete(k);
    },
    putsPerSweep: () => Math.max(256, records.size),
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
  return createOneTimeStore(createRecordMap(), options);
}

/**
 * In-memory {@link StateStore} for popup states (single node only).
 */
export function createMemoryStateStore(options: MemoryOneTimeStoreOptions = {}): StateStore {
  return createOneTimeStore(createRecordMap(), options);
}

/**
 * In-memory {@link AnonymousRefStore} for popup step-up references (single node only).
 */
export function createMemoryAnonymousRefStore(options: MemoryOneTimeStoreOptions = {}): AnonymousRefStore {
  return createOneTimeStore(createRecordMap(), options);
}
