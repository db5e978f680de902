import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { StoredKey } from '@parley/core';

type JWK = StoredKey['privateJwk'];

/** A private JWK as the SQL adapters store it once sealed: AES-256-GCM under the master key. */
export interface SealedJwk {
  sealed: 'A256GCM';
  /** Id of the master key that sealed it (a hash prefix, not the key): names a mismatch. */
  mk: string;
  iv: string;
  ct: string;
  tag: string;
}

/** Encrypts private JWKs at rest; the key id is authenticated data, so a row cannot be moved. */
export interface KeyCipher {
  /** The master key's id (first 8 bytes of its SHA-256, base64url). */
  readonly id: string;
  seal(keyId: string, jwk: JWK): SealedJwk;
  /** Throws (never returns a wrong key) when `sealed` was made for another id or master key. */
  open(keyId: string, sealed: SealedJwk): JWK;
  /**
   * Seals any JSON value under `label` (authenticated data naming the row it belongs to), as the
   * one-time records (PKCE verifiers, popup states) are sealed.
   */
  sealValue(label: string, value: unknown): SealedJwk;
  /** Opens what {@link KeyCipher.sealValue} sealed under the same `label`; throws otherwise. */
  openValue(label: string, sealed: SealedJwk): unknown;
}

/** True for a value stored by {@link KeyCipher.seal} (anything else is a legacy plaintext JWK). */
export function isSealedJwk(value: unknown): value is SealedJwk {
  return typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'A256GCM';
}

/**
 * AES-256-GCM sealing of private JWKs with a 32-byte master key (node:crypto): a random 96-bit
 * IV per seal, the key id as additional authenticated data. The composition root makes the
 * master key (`PARLEY_MASTER_KEY` or a generated key file, docs/production.md).
 *
 * @example
 * ```ts
 * const cipher = createKeyCipher(masterKey);
 * const stores = openSqliteStores({ path: './data/parley.db', keyCipher: cipher });
 * ```
 */
export function createKeyCipher(masterKey: Uint8Array): KeyCipher {
  if (!(masterKey instanceof Uint8Array) || masterKey.length !== 32) {
    throw new TypeError('the master key must be 32 bytes');
  }
  const key = Buffer.from(masterKey);
  const id = createHash('sha256').update(key).digest().subarray(0, 8).toString('base64url');
  const sealValue = (label: string, value: unknown): SealedJwk => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(label));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      sealed: 'A256GCM',
      mk: id,
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  };
  const openValue = (label: string, sealed: SealedJwk, what = `stored value ${label}`): unknown => {
    if (sealed.mk !== id) {
      throw new Error(
        `${what} was encrypted with master key ${sealed.mk}, not the configured ${id} (PARLEY_MASTER_KEY or the key file changed)`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'))
        .setAAD(Buffer.from(label))
        .setAuthTag(Buffer.from(sealed.tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch (err) {
      throw new Error(`${what} failed decryption: altered, or moved from another row`, { cause: err });
    }
  };
  return {
    id,
    seal: (keyId, jwk) => sealValue(keyId, jwk),
    open: (keyId, sealed) => openValue(keyId, sealed, `stored key ${keyId}`) as JWK,
    sealValue,
    openValue: (label, sealed) => openValue(label, sealed),
  };
}
