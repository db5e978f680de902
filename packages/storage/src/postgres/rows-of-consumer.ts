import type { Pool, QueryResultRow } from 'pg';
import { consumerRowsSql, type ConsumerRowsQuery } from '../consumer-rows.ts';
import { hasNul } from './open-pool.ts';

/**
 * The rows of one consumer of `accountId`; none for an id holding NUL (PostgreSQL text cannot
 * hold it, so no row can match, and the query would be refused).
 */
export async function rowsOfConsumer<R extends QueryResultRow>(
  pool: Pool,
  query: ConsumerRowsQuery,
  accountId: string,
  consumerId: string,
): Promise<R[]> {
  if (hasNul(accountId, consumerId)) return [];
  const { rows } = await pool.query<R>(consumerRowsSql(query, ['$1', '$2']), [accountId, consumerId]);
  return rows;
}
