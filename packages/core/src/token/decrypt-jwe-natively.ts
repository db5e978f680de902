import { createDecipheriv, randomBytes } from 'node:crypto';
import type { CryptoKey } from 'jose';

/** RSA keys under 2048 bits are refused, as jose does (RFC 7518 §4.3). */
const MIN_RSA_BITS = 2048;
const CEK_BYTES = 32; // A256GCM
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True when {@link decryptRsaOaepA256Gcm} handles this header and key (the common case). */
export function decryptsNatively(header: { alg: string; enc: string }, key: CryptoKey): boolean {
  if (header.alg !== 'RSA-OAEP-256' || header.enc !== 'A256GCM' || key.type !== 'private') return false;
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; modulusLength?: number };
  return (
    algorithm.name === 'RSA-OAEP' &&
    algorithm.hash?.name === 'SHA-256' &&
    (algorithm.modulusLength ?? 0) >= MIN_RSA_BITS &&
    key.usages.includes('decrypt')
  );
}

/**
 * Decrypts a compact JWE with `alg` RSA-OAEP-256 and `enc` A256GCM, with the same checks as
 * jose's `compactDecrypt` (encrypted key as long as the modulus, 96-bit IV, 128-bit tag,
 * protected header as AAD) but one WebCrypto job instead of three: the RSA unwrap stays a
 * WebCrypto job (it runs on the thread pool, so the ~0.3 ms RSA operation does not hold this
 * event loop: measured faster than a synchronous node:crypto unwrap), while the CEK import and
 * AES-GCM, each microseconds of work, run synchronously with node:crypto. As RFC 7516 §11.5
 * asks, a CEK that fails to unwrap is replaced by a random one, so a bad key and a bad
 * ciphertext fail at the same step. Call only when {@link decryptsNatively} is true.
 *
 * @throws Error on any failure (the caller maps it to `TOKEN_DECRYPTION_FAILED`).
 * @example
 * ```ts
 * if (decryptsNatively(jwe.header, key)) plaintext = await decryptRsaOaepA256Gcm(jwe.token, key);
 * ```
 */
export async function decryptRsaOaepA256Gcm(token: string, key: CryptoKey): Promise<Buffer> {
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = token.split('.');
  if (tag === undefined) throw new Error('not a compact JWE');
  const modulusBytes = Math.ceil(((key.algorithm as { modulusLength?: number }).modulusLength ?? 0) / 8);
  const ivBytes = Buffer.from(iv!, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('bad IV or tag length');
  const cek = await unwrapOrRandom(key, Buffer.from(encryptedKey!, 'base64url'), modulusBytes);
  const decipher = createDecipheriv('aes-256-gcm', cek, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(protectedHeader!, 'ascii'));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext!, 'base64url')), decipher.final()]);
}

async function unwrapOrRandom(key: CryptoKey, encryptedKey: Buffer, modulusBytes: number): Promise<Buffer> {
  if (encryptedKey.length === modulusBytes) {
    try {
      const cek = Buffer.from(
        await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, new Uint8Array(encryptedKey)),
      );
      if (cek.length === CEK_BYTES) return cek;
    } catch {
      // fall through to a random CEK: the tag check below fails like for a tampered ciphertext
    }
  }
  return randomBytes(CEK_BYTES);
}
