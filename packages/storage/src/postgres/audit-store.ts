import type { Pool } from 'pg';
import type { AuditListQuery, AuditStore } from '@parley/core';
import { AUDIT_COLUMNS, toAuditEvent, toAuditRowValues, type AuditRow } from '../audit-row.ts';
import { hasNul } from './open-pool.ts';
import { rowsOfConsumer } from './rows-of-consumer.ts';

/** A page query: positional parameters for the filters present; ids compared in byte order. */
function pageQuery(accountId: string, query: AuditListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [accountId];
  const where = ['account_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    values.push(value);
    where.push(sql(values.length));
  };
  if (query.type !== undefined) add((n) => `type = $${n}`, query.type);
  if (query.consumerId !== undefined) add((n) => `consumer_id = $${n}`, query.consumerId);
  if (query.before !== undefined) {
    add((n) => `at <= $${n}`, query.before.at);
    add((n) => `(at < $${n - 1} OR id COLLATE "C" < $${n})`, query.before.id);
  }
  values.push(query.limit);
  return {
    text: `SELECT * FROM audit_events WHERE ${where.join(' AND ')}
           ORDER BY at DESC, id COLLATE "C" DESC LIMIT $${values.length}`,
    values,
  };
}

/**
 * PostgreSQL {@link AuditStore}: one `INSERT` per event (the login hot path), `detail` as
 * `jsonb`, ids ordered with the "C" collation so every adapter pages in the same byte order.
 *
 * @example
 * ```ts
 * const audit = createPostgresAuditStore(pool); // pool already migrated
 * ```
 */
export function createPostgresAuditStore(pool: Pool): AuditStore {
  return {
    async record(e) {
      await pool.query(
        `INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        toAuditRowValues(e),
      );
    },

    async listByConsumer(accountId, consumerId) {
      const query = { table: 'audit_events', orderBy: 'at, id COLLATE "C"' } as const;
      return (await rowsOfConsumer<AuditRow>(pool, query, accountId, consumerId)).map(toAuditEvent);
    },

    async list(accountId, query) {
      if (hasNul(accountId, query.consumerId ?? '', query.before?.id ?? '')) return [];
      const { rows } = await pool.query<AuditRow>(pageQuery(accountId, query));
      return rows.map(toAuditEvent);
    },

    async deleteByConsumer(accountId, consumerId) {
      if (hasNul(accountId, consumerId)) return;
      await pool.query('DELETE FROM audit_events WHERE account_id = $1 AND consumer_id = $2', [
        accountId,
        consumerId,
      ]);
    },

    async purgeBefore(accountId, before) {
      if (hasNul(accountId)) return 0;
      const { rowCount } = await pool.query('DELETE FROM audit_events WHERE account_id = $1 AND at < $2', [
        accountId,
        before,
      ]);
      return rowCount ?? 0;
    },
  };
}
