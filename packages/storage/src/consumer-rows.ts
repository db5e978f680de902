/** Which rows of a consumer: `columns` of `table` (rows with `account_id`, `consumer_id`), in `orderBy` order. */
export interface ConsumerRowsQuery {
  table: 'sessions' | 'audit_events' | 'conversations';
  columns?: string;
  orderBy: string;
}

/** The SELECT of {@link ConsumerRowsQuery}, with the dialect's two placeholders (account, consumer). */
export function consumerRowsSql(
  { table, columns = '*', orderBy }: ConsumerRowsQuery,
  [account, consumer]: readonly [string, string],
): string {
  return `SELECT ${columns} FROM ${table} WHERE account_id = ${account} AND consumer_id = ${consumer} ORDER BY ${orderBy}`;
}
