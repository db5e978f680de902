import type Database from 'better-sqlite3';
import type { KeyStore, StoredKey } from '@parley/core';

type JWK = StoredKey['privateJwk'];

interface KeyRow {
  id: string;
  owner: string;
  use: 'enc' | 'sig';
  alg: string;
  private_jwk: string;
  public_jwk: string | null;
  created_at: number;
}

function toKey(row: KeyRow): StoredKey {
  return {
    id: row.id,
    owner: row.owner,
    use: row.use,
    alg: row.alg,
    privateJwk: JSON.parse(row.private_jwk) as JWK,
    publicJwk: row.public_jwk === null ? null : (JSON.parse(row.public_jwk) as JWK),
    createdAt: row.created_at,
  };
}

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
      return listByOwner.all(owner).map(toKey);
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
