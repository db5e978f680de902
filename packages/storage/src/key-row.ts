import type { StoredKey } from '@parley/core';
import { isSealedJwk, type KeyCipher } from './key-cipher.ts';

type JWK = StoredKey['privateJwk'];

/** A `keys` row as both SQL adapters return it (JWKs: JSON text or parsed jsonb). */
export interface KeyRow {
  id: string;
  owner: string;
  use: 'enc' | 'sig';
  alg: string;
  private_jwk: string | JWK;
  public_jwk: string | JWK | null;
  created_at: number;
}

const jsonOf = (column: string | object): unknown =>
  typeof column === 'string' ? (JSON.parse(column) as unknown) : column;

/**
 * The {@link StoredKey} of a row: a sealed private JWK is opened with `cipher`; a plaintext one
 * (written before encryption at rest, or without a cipher) is returned as stored.
 */
export function toStoredKey(row: KeyRow, cipher: KeyCipher | undefined): StoredKey {
  return {
    id: row.id,
    owner: row.owner,
    use: row.use,
    alg: row.alg,
    privateJwk: privateJwkOf(row.id, row.private_jwk, cipher),
    publicJwk: row.public_jwk === null ? null : (jsonOf(row.public_jwk) as JWK),
    createdAt: row.created_at,
  };
}

function privateJwkOf(id: string, column: string | JWK, cipher: KeyCipher | undefined): JWK {
  const stored = jsonOf(column);
  if (!isSealedJwk(stored)) return stored as JWK;
  if (cipher === undefined) {
    throw new Error(`stored key ${id} is encrypted, but no master key was given to the key store`);
  }
  return cipher.open(id, stored);
}

/** The `private_jwk` column value (JSON text) of a key: sealed when a cipher is given. */
export function privateJwkColumn(
  key: Pick<StoredKey, 'id' | 'privateJwk'>,
  cipher: KeyCipher | undefined,
): string {
  return JSON.stringify(cipher === undefined ? key.privateJwk : cipher.seal(key.id, key.privateJwk));
}

/**
 * The rows still holding a plaintext private JWK, each with its sealed replacement: what the
 * adapters rewrite at open (`UPDATE ... WHERE private_jwk` is still the plaintext, so two nodes
 * sealing at once do not overwrite each other's work with anything but an equivalent value).
 */
export function plaintextRowsToSeal(
  rows: readonly Pick<KeyRow, 'id' | 'private_jwk'>[],
  cipher: KeyCipher,
): { id: string; sealed: string }[] {
  return rows
    .map((row) => ({ id: row.id, stored: jsonOf(row.private_jwk) }))
    .filter((row) => !isSealedJwk(row.stored))
    .map((row) => ({
      id: row.id,
      sealed: privateJwkColumn({ id: row.id, privateJwk: row.stored as JWK }, cipher),
    }));
}
