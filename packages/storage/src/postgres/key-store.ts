import type { Pool } from 'pg';
import type { KeyStore } from '@parley/core';
import { toStoredKey, type KeyRow } from '../key-row.ts';

/**
 * PostgreSQL {@link KeyStore}. `insert` is `ON CONFLICT (id) DO NOTHING`, so when several nodes
 * generate a first key at once exactly one wins and all of them then list the same key. Private
 * JWKs are stored as plain `jsonb`: protect the database (and its backups) like the secrets it holds.
 *
 * @example
 * ```ts
 * const keys = createPostgresKeyStore(pool); // pool already migrated
 * ```
 */
export function createPostgresKeyStore(pool: Pool): KeyStore {
  return {
    async list(owner) {
      const { rows } = await pool.query<KeyRow>(
        'SELECT * FROM keys WHERE owner = $1 ORDER BY created_at, id',
        [owner],
      );
      return rows.map(toStoredKey);
    },
    async insert(key) {
      const { rowCount } = await pool.query(
        `INSERT INTO keys (id, owner, use, alg, private_jwk, public_jwk, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [
          key.id,
          key.owner,
          key.use,
          key.alg,
          JSON.stringify(key.privateJwk),
          key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
          key.createdAt,
        ],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}
