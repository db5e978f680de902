import type Database from 'better-sqlite3';
import type { AuditListQuery, AuditStore } from '@parley/core';
import { AUDIT_COLUMNS, toAuditEvent, toAuditRowValues, type AuditRow } from '../audit-row.ts';
import { writeBatcherFor } from './write-batcher.ts';
import { consumerRowsSql } from '../consumer-rows.ts';

/** The WHERE clause of a page query; named parameters, so every shape shares one binding. */
function pageSql(query: AuditListQuery): string {
  const where = ['account_id = @accountId'];
  if (query.type !== undefined) where.push('type = @type');
  if (query.consumerId !== undefined) where.push('consumer_id = @consumerId');
  if (query.before !== undefined) where.push('(at < @beforeAt OR (at = @beforeAt AND id < @beforeId))');
  return `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT @limit`;
}

/**
 * SQLite {@link AuditStore}. The insert is prepared once and joins the connection's group commit
 * (it is on the login hot path, beside the replay, consumer and session writes); each
 * page query shape (type / consumer / cursor filters) is prepared on first use and reused.
 *
 * @example
 * ```ts
 * const audit = createSqliteAuditStore(db); // db already migrated
 * ```
 */
export function createSqliteAuditStore(db: Database.Database): AuditStore {
  const insert = db.prepare<(string | number | null)[]>(
    `INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectByConsumer = db.prepare<[string, string], AuditRow>(
    consumerRowsSql({ table: 'audit_events', orderBy: 'at, id' }, ['?', '?']),
  );
  const deleteByConsumer = db.prepare<[string, string]>(
    'DELETE FROM audit_events WHERE account_id = ? AND consumer_id = ?',
  );
  const purgeBefore = db.prepare<[string, number]>(
    'DELETE FROM audit_events WHERE account_id = ? AND at < ?',
  );
  const batcher = writeBatcherFor(db);
  const pages = new Map<string, Database.Statement<Record<string, unknown>, AuditRow>>();
  const page = (query: AuditListQuery) => {
    const sql = pageSql(query);
    let statement = pages.get(sql);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, AuditRow>(sql);
      pages.set(sql, statement);
    }
    return statement;
  };

  return {
    async record(event) {
      await batcher.run(() => insert.run(...toAuditRowValues(event)));
    },

    async listByConsumer(accountId, consumerId) {
      return selectByConsumer.all(accountId, consumerId).map(toAuditEvent);
    },

    async list(accountId, query) {
      const params: Record<string, unknown> = { accountId, limit: query.limit };
      if (query.type !== undefined) params.type = query.type;
      if (query.consumerId !== undefined) params.consumerId = query.consumerId;
      if (query.before !== undefined)
        Object.assign(params, { beforeAt: query.before.at, beforeId: query.before.id });
      return page(query).all(params).map(toAuditEvent);
    },

    async deleteByConsumer(accountId, consumerId) {
      deleteByConsumer.run(accountId, consumerId);
    },

    async purgeBefore(accountId, before) {
      return purgeBefore.run(accountId, before).changes;
    },
  };
}
