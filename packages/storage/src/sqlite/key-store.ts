import type Database from 'better-sqlite3';
import type { KeyStore } from '@parley/core';
import type { KeyCipher } from '../key-cipher.ts';
import { plaintextRowsToSeal, privateJwkColumn, toStoredKey, type KeyRow } from '../key-row.ts';

/**
 * SQLite {@link KeyStore}. `insert` is `ON CONFLICT (id) DO NOTHING`, so when several nodes
 * generate a first key at once exactly one wins. With a `cipher`, private JWKs are written
 * sealed (AES-256-GCM under the master key) and rows still in plaintext from an older version
 * are sealed when the store is created; without one they are stored as plain JSON (tests).
 *
 * @example
 * ```ts
 * const keys = createSqliteKeyStore(db, createKeyCipher(masterKey)); // db already migrated
 * ```
 */
export function createSqliteKeyStore(db: Database.Database, cipher?: KeyCipher): KeyStore {
  const insert = db.prepare(
    `INSERT INTO keys (id, owner, use, alg, private_jwk, public_jwk, created_at)
     VALUES (@id, @owner, @use, @alg, @privateJwk, @publicJwk, @createdAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const listByOwner = db.prepare<[string], KeyRow>(
    'SELECT * FROM keys WHERE owner = ? ORDER BY created_at, id',
  );
  const remove = db.prepare<[string]>('DELETE FROM keys WHERE id = ?');
  if (cipher !== undefined) sealPlaintextKeys(db, cipher);

  return {
    async list(owner) {
      return listByOwner.all(owner).map((row) => toStoredKey(row, cipher));
    },
    async insert(key) {
      const changes = insert.run({
        ...key,
        privateJwk: privateJwkColumn(key, cipher),
        publicJwk: key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
      }).changes;
      return changes > 0;
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
  };
}

/** Seals every plaintext private JWK in one transaction; returns how many rows it rewrote. */
export function sealPlaintextKeys(db: Database.Database, cipher: KeyCipher): number {
  const rows = db.prepare<[], Pick<KeyRow, 'id' | 'private_jwk'>>('SELECT id, private_jwk FROM keys').all();
  const update = db.prepare<[string, string]>(
    `UPDATE keys SET private_jwk = ? WHERE id = ? AND json_extract(private_jwk, '$.sealed') IS NULL`,
  );
  return db.transaction(() =>
    plaintextRowsToSeal(rows, cipher).reduce((n, row) => n + update.run(row.sealed, row.id).changes, 0),
  )();
}
