import type { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` in one READ COMMITTED transaction on one pooled connection: COMMIT on success,
 * ROLLBACK (and rethrow) on failure; the connection always goes back to the pool.
 */
export async function inTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        // The connection is unusable (network, server gone): drop it instead of pooling it.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      });
      throw err;
    }
  } finally {
    client.release(broken);
  }
}
