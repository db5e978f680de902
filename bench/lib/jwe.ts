import {
  constants,
  createCipheriv,
  createPublicKey,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * Encrypts compact JWSs as nested JWTs to an account's published RSA-OAEP-256 key
 * (`alg: RSA-OAEP-256`, `enc: A256GCM`, `cty: JWT`, RFC 7516 compact serialization), with
 * node:crypto so thousands can be prepared in a second before timing.
 */
export function encryptAll(jwss: string[], publicJwk: Record<string, unknown>): string[] {
  const key = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  const header = Buffer.from(
    JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: publicJwk.kid }),
  ).toString('base64url');
  return jwss.map((jws) => encryptOne(jws, key, header));
}

function encryptOne(jws: string, key: KeyObject, header: string): string {
  const cek = randomBytes(32);
  const iv = randomBytes(12);
  const encryptedKey = publicEncrypt(
    { key, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING },
    cek,
  );
  const cipher = createCipheriv('aes-256-gcm', cek, iv);
  cipher.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(jws, 'utf8'), cipher.final()]);
  const b64 = (buf: Buffer) => buf.toString('base64url');
  return [header, b64(encryptedKey), b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
}
