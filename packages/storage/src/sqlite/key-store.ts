import type Database from 'better-sqlite3';
import type { KeyStore } from '@parley/core';
import { toStoredKey, type KeyRow } from '../key-row.ts';

/**
 * SQLite {@link KeyStore}. `insert` is `ON CONFLICT (id) DO NOTHING`, so when several nodes
 * generate a first key at once exactly one wins. Private JWKs are stored as plain JSON: protect
 * the database file like the secrets it holds.
 *
 * @example
 * ```ts
 * const keys = createSqliteKeyStore(db); // db already migrated
 * ```
 */
export function createSqliteKeyStore(db: Database.Database): KeyStore {
  const insert = db.prepare(
    `INSERT INTO keys (id, owner, use, alg, private_jwk, public_jwk, created_at)
     VALUES (@id, @owner, @use, @alg, @privateJwk, @publicJwk, @createdAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const listByOwner = db.prepare<[string], KeyRow>(
    'SELECT * FROM keys WHERE owner = ? ORDER BY created_at, id',
  );

  return {
    async list(owner) {
      return listByOwner.all(owner).map(toStoredKey);
    },
    async insert(key) {
      const changes = insert.run({
        ...key,
        privateJwk: JSON.stringify(key.privateJwk),
        publicJwk: key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
      }).changes;
      return changes > 0;
    },
  };
}
