import type { JWK } from 'jose';

/**
 * A key Parley owns: account encryption keys (`enc`) and the session signing keys (`sig`, one
 * series per account and token kind, see `session-signing-keys.ts`).
 */
export interface StoredKey {
  /** The `kid`. */
  id: string;
  /** Account id (`*`: the deployment-wide session key of older versions, no longer used). */
  owner: string;
  use: 'enc' | 'sig';
  /** JOSE algorithm: RSA-OAEP-256, ECDH-ES, HS256. */
  alg: string;
  /** Full private JWK (includes `kid`, `alg`, `use`). */
  privateJwk: JWK;
  /** Public JWK to publish; null for symmetric keys. */
  publicJwk: JWK | null;
  /** Epoch ms. */
  createdAt: number;
}

/**
 * Port: persisted keys, generated on first start. SQL adapters keep `privateJwk` encrypted at
 * rest (a master key the composition root supplies, docs/production.md); `list` returns it
 * decrypted.
 */
export interface KeyStore {
  list(owner: string): Promise<StoredKey[]>;
  /** Inserts a key; false if a key with that id already exists (a racing node won). */
  insert(key: StoredKey): Promise<boolean>;
  /** Deletes a key (a retired signing key past its tokens' lifetime); false if unknown. */
  delete(id: string): Promise<boolean>;
}
