import type { StoredKey } from '@parley/core';

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

const jwkOf = (column: string | JWK): JWK =>
  typeof column === 'string' ? (JSON.parse(column) as JWK) : column;

export function toStoredKey(row: KeyRow): StoredKey {
  return {
    id: row.id,
    owner: row.owner,
    use: row.use,
    alg: row.alg,
    privateJwk: jwkOf(row.private_jwk),
    publicJwk: row.public_jwk === null ? null : jwkOf(row.public_jwk),
    createdAt: row.created_at,
  };
}
