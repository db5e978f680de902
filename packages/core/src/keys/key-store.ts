import type { JWK } from 'jose';

/** A key Parley owns: account encryption keys (`enc`) and the session signing key (`sig`). */
export interface StoredKey {
  /** The `kid`. */
  id: string;
  /** Account id, or `*` for deployment-wide keys (session signing). */
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

/** Port: persisted keys, generated on first start. */
export interface KeyStore {
  list(owner: string): Promise<StoredKey[]>;
  /** Inserts a key; false if a key with that id already exists (a racing node won). */
  insert(key: StoredKey): Promise<boolean>;
}
