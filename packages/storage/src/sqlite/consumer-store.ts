import type Database from 'better-sqlite3';
import type { ConsumerStore } from '@parley/core';
import { toConsumerRecord, type ConsumerRow } from '../consumer-row.ts';
import { writeBatcherFor } from './write-batcher.ts';

/** Looks a row up or fails loudly: after an insert it must exist. */
function required(row: ConsumerRow | undefined, what: string): ConsumerRow {
  if (!row) throw new Error(`consumer ${what} vanished right after it was written`);
  return row;
}

/**
 * SQLite {@link ConsumerStore}. Statements are prepared once, here. Find-or-create is
 * `INSERT ... ON CONFLICT (account_id, issuer, subject) DO NOTHING` then `SELECT`, in one
 * transaction, so racing callers (in this process or another) all get the one row. A login
 * ({@link ConsumerStore.upsertAuthenticated}) is a single `INSERT ... ON CONFLICT DO UPDATE
 * ... RETURNING *`, committed with the other login writes of the same event-loop turn
 * ({@link writeBatcherFor}).
 *
 * @example
 * ```ts
 * const consumers = createSqliteConsumerStore(db); // db already migrated
 * ```
 */
export function createSqliteConsumerStore(db: Database.Database): ConsumerStore {
  const insertIdentity = db.prepare(
    `INSERT INTO consumers (id, account_id, issuer, subject, created_at)
     VALUES (@id, @accountId, @issuer, @subject, @now)
     ON CONFLICT (account_id, issuer, subject) DO NOTHING`,
  );
  const upsertIdentity = db.prepare<
    [{ id: string; accountId: string; issuer: string; subject: string; claims: string; now: number }],
    ConsumerRow
  >(
    `INSERT INTO consumers (id, account_id, issuer, subject, claims, created_at, last_authenticated_at)
     VALUES (@id, @accountId, @issuer, @subject, @claims, @now, @now)
     ON CONFLICT (account_id, issuer, subject)
     DO UPDATE SET claims = excluded.claims, last_authenticated_at = excluded.last_authenticated_at
     RETURNING *`,
  );
  const selectByIdentity = db.prepare<[string, string, string], ConsumerRow>(
    'SELECT * FROM consumers WHERE account_id = ? AND issuer = ? AND subject = ?',
  );
  const insertAnonymous = db.prepare(
    'INSERT INTO consumers (id, account_id, created_at) VALUES (@id, @accountId, @now)',
  );
  const selectById = db.prepare<[string, string], ConsumerRow>(
    'SELECT * FROM consumers WHERE account_id = ? AND id = ?',
  );
  const updateClaims = db.prepare<[string, number, string, string]>(
    'UPDATE consumers SET claims = ?, last_authenticated_at = ? WHERE account_id = ? AND id = ?',
  );
  const updateUnverified = db.prepare<[string, string, string]>(
    'UPDATE consumers SET unverified = ? WHERE account_id = ? AND id = ?',
  );
  const updateMergedInto = db.prepare<[string, string, string]>(
    'UPDATE consumers SET merged_into = ? WHERE account_id = ? AND id = ?',
  );
  const deleteById = db.prepare<[string, string]>('DELETE FROM consumers WHERE account_id = ? AND id = ?');
  const batcher = writeBatcherFor(db);

  const findOrCreate = db.transaction(
    (input: {
      accountId: string;
      issuer: string;
      subject: string;
      newId: string;
      now: number;
    }): ConsumerRow => {
      const { accountId, issuer, subject, newId, now } = input;
      insertIdentity.run({ id: newId, accountId, issuer, subject, now });
      return required(selectByIdentity.get(accountId, issuer, subject), newId);
    },
  );

  return {
    async findOrCreateByIdentity(input) {
      return toConsumerRecord(findOrCreate(input));
    },

    async upsertAuthenticated({ accountId, issuer, subject, newId, claims, now }) {
      const params = { id: newId, accountId, issuer, subject, claims: JSON.stringify(claims), now };
      const row = await batcher.run(() => upsertIdentity.get(params));
      return toConsumerRecord(required(row, newId));
    },

    async findByIdentity(accountId, issuer, subject) {
      const row = selectByIdentity.get(accountId, issuer, subject);
      return row ? toConsumerRecord(row) : null;
    },

    async createAnonymous({ accountId, id, now }) {
      insertAnonymous.run({ id, accountId, now });
      return toConsumerRecord(required(selectById.get(accountId, id), id));
    },

    async get(accountId, consumerId) {
      const row = selectById.get(accountId, consumerId);
      return row ? toConsumerRecord(row) : null;
    },

    async saveVerifiedClaims({ accountId, consumerId, claims, now }) {
      updateClaims.run(JSON.stringify(claims), now, accountId, consumerId);
    },

    async setUnverified(accountId, consumerId, attributes) {
      updateUnverified.run(JSON.stringify(attributes), accountId, consumerId);
    },

    async linkAnonymous({ accountId, anonymousId, authenticatedId }) {
      await batcher.run(() => updateMergedInto.run(authenticatedId, accountId, anonymousId));
    },

    async delete(accountId, consumerId) {
      return deleteById.run(accountId, consumerId).changes > 0;
    },
  };
}
