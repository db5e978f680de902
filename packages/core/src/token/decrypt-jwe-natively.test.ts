import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { decryptRsaOaepA256Gcm, decryptsNatively } from './decrypt-jwe-natively.ts';

const PLAINTEXT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln';

async function rsaPair() {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  // the account decrypter imports its stored private JWK exactly like this
  const imported = (await importJWK(await exportJWK(privateKey), 'RSA-OAEP-256')) as CryptoKey;
  return { publicKey, privateKey: imported };
}

const encrypt = (publicKey: CryptoKey, header: Record<string, unknown> = {}) =>
  new CompactEncrypt(new TextEncoder().encode(PLAINTEXT))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', ...header })
    .encrypt(publicKey);

/** Replaces segment `index` of a compact JWE. */
function withSegment(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

/** Flips the first base64url character of segment `index`. */
const tamper = (token: string, index: number): string => {
  const segment = token.split('.')[index]!;
  return withSegment(token, index, `${segment.startsWith('A') ? 'B' : 'A'}${segment.slice(1)}`);
};

describe('native RSA-OAEP-256 + A256GCM decryption', () => {
  it('decrypts what jose encrypts, to the same plaintext', async () => {
    const { publicKey, privateKey } = await rsaPair();
    expect(decryptsNatively({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }, privateKey)).toBe(true);
    const plaintext = await decryptRsaOaepA256Gcm(await encrypt(publicKey, { cty: 'JWT' }), privateKey);
    expect(plaintext.toString('utf8')).toBe(PLAINTEXT);
  });

  it('refuses a JWE whose protected header was changed (it is the AAD)', async () => {
    const { publicKey, privateKey } = await rsaPair();
    const token = await encrypt(publicKey);
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', x: 1 }));
    const changed = withSegment(token, 0, otherHeader.toString('base64url'));
    await expect(decryptRsaOaepA256Gcm(changed, privateKey)).rejects.toThrow();
  });

  it.each([
    ['encrypted key', 1],
    ['IV', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('refuses a JWE with a tampered %s', async (_what, index) => {
    const { publicKey, privateKey } = await rsaPair();
    const tampered = tamper(await encrypt(publicKey), index);
    await expect(decryptRsaOaepA256Gcm(tampered, privateKey)).rejects.toThrow();
  });

  it('refuses a truncated tag, a short IV and an encrypted key shorter than the modulus', async () => {
    const { publicKey, privateKey } = await rsaPair();
    const token = await encrypt(publicKey);
    const [, key, iv, , tag] = token.split('.');
    await expect(
      decryptRsaOaepA256Gcm(withSegment(token, 4, tag!.slice(0, 16)), privateKey),
    ).rejects.toThrow();
    await expect(decryptRsaOaepA256Gcm(withSegment(token, 2, iv!.slice(0, 8)), privateKey)).rejects.toThrow();
    await expect(decryptRsaOaepA256Gcm(withSegment(token, 1, key!.slice(4)), privateKey)).rejects.toThrow();
  });

  it('refuses a JWE encrypted to another key', async () => {
    const mine = await rsaPair();
    const other = await rsaPair();
    const token = await encrypt(other.publicKey);
    await expect(decryptRsaOaepA256Gcm(token, mine.privateKey)).rejects.toThrow();
  });

  it('leaves other algorithms and RSA keys under 2048 bits to jose', async () => {
    const { privateKey } = await rsaPair();
    expect(decryptsNatively({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }, privateKey)).toBe(false);
    expect(decryptsNatively({ alg: 'ECDH-ES', enc: 'A256GCM' }, privateKey)).toBe(false);
    const small = await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['decrypt', 'encrypt'],
    );
    expect(decryptsNatively({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }, small.privateKey)).toBe(false);
  });
});
