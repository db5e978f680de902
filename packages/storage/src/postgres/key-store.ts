import type { Pool } from 'pg';
import type { KeyStore } from '@parley/core';
import type { KeyCipher } from '../key-cipher.ts';
import { plaintextRowsToSeal, privateJwkColumn, toStoredKey, type KeyRow } from '../key-row.ts';

/**
 * PostgreSQL {@link KeyStore}. `insert` is `ON CONFLICT (id) DO NOTHING`, so when several nodes
 * generate a first key at once exactly one wins and all of them then list the same key. With a
 * `cipher`, private JWKs are written sealed (AES-256-GCM under the master key, which every node
 * must share); `sealPostgresPlaintextKeys` seals rows of older versions at open.
 *
 * @example
 * ```ts
 * const keys = createPostgresKeyStore(pool, createKeyCipher(masterKey)); // pool already migrated
 * ```
 */
export function createPostgresKeyStore(pool: Pool, cipher?: KeyCipher): KeyStore {
  return {
    async list(owner) {
      const { rows } = await pool.query<KeyRow>(
        'SELECT * FROM keys WHERE owner = $1 ORDER BY created_at, id',
        [owner],
      );
      return rows.map((row) => toStoredKey(row, cipher));
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
          privateJwkColumn(key, cipher),
          key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
          key.createdAt,
        ],
      );
      return (rowCount ?? 0) > 0;
    },
    async delete(id) {
      const { rowCount } = await pool.query('DELETE FROM keys WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

/**
 * Seals every plaintext private JWK (rows written before encryption at rest); returns how many
 * rows it rewrote. Safe with several nodes: a row another node sealed first is left alone.
 */
export async function sealPostgresPlaintextKeys(pool: Pool, cipher: KeyCipher): Promise<number> {
  const { rows } = await pool.query<Pick<KeyRow, 'id' | 'private_jwk'>>(
    `SELECT id, private_jwk FROM keys WHERE NOT (private_jwk ? 'sealed')`,
  );
  let sealed = 0;
  for (const row of plaintextRowsToSeal(rows, cipher)) {
    const { rowCount } = await pool.query(
      `UPDATE keys SET private_jwk = $1 WHERE id = $2 AND NOT (private_jwk ? 'sealed')`,
      [row.sealed, row.id],
    );
    sealed += rowCount ?? 0;
  }
  return sealed;
}
