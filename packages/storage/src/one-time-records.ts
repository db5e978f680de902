import {
  ONE_TIME_RECORD_RETENTION_MS,
  systemClock,
  type Clock,
  type OneTimeRecord,
  type OneTimeStore,
} from '@parley/core';
import { isSealedJwk, type KeyCipher, type SealedJwk } from './key-cipher.ts';

/** Options of the PKCE, state and anonymous-reference stores of every adapter. */
export interface OneTimeStoreOptions {
  /** Source of "now" for dropping long-expired records; defaults to the wall clock. */
  clock?: Clock;
  /**
   * Seals each record at rest (the SQL adapters, under the master key that seals the private
   * keys): a PKCE verifier, a popup's nonce and verifier or an anonymous reference read from a
   * database copy must be of no use. The memory adapter ignores it.
   */
  keyCipher?: KeyCipher;
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

/** A record as a SQL row keeps it under a master key: what the columns need in clear, the rest sealed. */
type SealedRow = OneTimeRecord & { sealed: SealedJwk };

/**
 * `records` with each record of `kind` sealed by `cipher` on insert and opened on remove; the
 * label binds a sealed record to its (kind, account, id), so a row copied under another id does
 * not open. Without a cipher the records are stored as they are. A row stored in clear before
 * sealing began (an upgrade inside the ten minutes a record lives) is still read.
 */
export function sealedOneTimeRecords<T extends OneTimeRecord>(
  records: OneTimeRecords<OneTimeRecord>,
  kind: OneTimeKind,
  cipher: KeyCipher | undefined,
): OneTimeRecords<T> {
  if (cipher === undefined) return records as OneTimeRecords<T>;
  const label = (accountId: string, id: string) => `one-time:${kind}:${JSON.stringify([accountId, id])}`;
  return {
    insert({ id, accountId, createdAt, expiresAt, ...secret }) {
      const row: SealedRow = {
        id,
        accountId,
        createdAt,
        expiresAt,
        sealed: cipher.sealValue(label(accountId, id), secret),
      };
      return records.insert(row);
    },
    async remove(accountId, id) {
      const row = await records.remove(accountId, id);
      if (row === undefined) return undefined;
      const { sealed, ...clear } = row as Partial<SealedRow> & OneTimeRecord;
      if (!isSealedJwk(sealed)) return row as T;
      return { ...clear, ...(cipher.openValue(label(accountId, id), sealed) as object) } as T;
    },
    deleteExpired: (cutoff) => records.deleteExpired(cutoff),
    ...(records.putsPerSweep === undefined ? {} : { putsPerSweep: records.putsPerSweep }),
  };
}

/**
 * The single-use store of `kind` over a SQL adapter's rows (`rowsOf(kind)`), each record sealed
 * when `options.keyCipher` is set.
 */
export function createSqlOneTimeStore<T extends OneTimeRecord>(
  rowsOf: (kind: OneTimeKind) => OneTimeRecords<OneTimeRecord>,
  kind: OneTimeKind,
  options: OneTimeStoreOptions,
): OneTimeStore<T> {
  return createOneTimeStore(sealedOneTimeRecords<T>(rowsOf(kind), kind, options.keyCipher), options);
}
