import { generateKeyPairSync, sign } from 'node:crypto';
import { compactVerify, exportJWK, importJWK, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, mintToken } from '../testing/index.ts';
import { verifySignatureNatively } from './verify-signature-natively.ts';

const split = (token: string) => {
  const dot = token.lastIndexOf('.');
  return { input: token.slice(0, dot), signature: token.slice(dot + 1) };
};
const claims = { sub: 'c-1', iat: 1, exp: 2 };
const verifyKey = async (jwk: object, alg: string) => (await importJWK(jwk as never, alg)) as CryptoKey;
const joseAccepts = (token: string, key: CryptoKey, alg: string) =>
  compactVerify(token, key, { algorithms: [alg] }).then(
    () => true,
    () => false,
  );

describe('verifySignatureNatively agrees with jose compactVerify', () => {
  for (const alg of ['RS256', 'RS512', 'PS256', 'PS384', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
    it(`${alg}: valid, tampered and foreign-key signatures`, async () => {
      const key = await generateSigningKey(alg);
      const other = await generateSigningKey(alg);
      const cryptoKey = await verifyKey(key.publicJwk, alg);
      const token = await mintToken(key, claims);
      const { input, signature } = split(token);
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      const foreign = split(await mintToken(other, claims)).signature;
      for (const [sig, expected] of [
        [signature, true],
        [flipped, false],
        [foreign, false],
        ['', false],
        [signature.slice(0, -1), false],
      ] as const) {
        expect(verifySignatureNatively(alg, input, sig, cryptoKey)).toBe(expected);
        expect(await joseAccepts(`${input}.${sig}`, cryptoKey, alg)).toBe(expected);
      }
      expect(verifySignatureNatively(alg, `${input}x`, signature, cryptoKey)).toBe(false);
    });
  }

  it('HS256 with the shared secret, constant-time compare', async () => {
    const secret = 'a-shared-secret-of-at-least-32-characters';
    const key = (await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    )) as CryptoKey;
    const token = await mintToken({ alg: 'HS256', secret }, claims);
    const { input, signature } = split(token);
    expect(verifySignatureNatively('HS256', input, signature, key)).toBe(true);
    expect(verifySignatureNatively('HS256', input, signature.slice(0, -2), key)).toBe(false);
    expect(verifySignatureNatively('HS384', input, signature, key)).toBe(false); // key hash is SHA-256
  });

  it('refuses a key imported for another algorithm (no RS/PS or curve confusion)', async () => {
    const rsa = await generateSigningKey('RS256');
    const token = await mintToken(rsa, claims);
    const { input, signature } = split(token);
    const { alg: _alg, ...bare } = rsa.publicJwk;
    const asPss = await verifyKey({ ...bare, alg: 'PS256' }, 'PS256');
    expect(verifySignatureNatively('RS256', input, signature, asPss)).toBe(false);
    const ec = await generateSigningKey('ES256');
    const ecKey = await verifyKey(ec.publicJwk, 'ES256');
    const ecToken = split(await mintToken(ec, claims));
    expect(verifySignatureNatively('ES384', ecToken.input, ecToken.signature, ecKey)).toBe(false);
    expect(verifySignatureNatively('EdDSA', ecToken.input, ecToken.signature, ecKey)).toBe(false);
  });

  it('refuses RSA keys under 2048 bits, as jose does', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = { ...(await exportJWK(publicKey)), alg: 'RS256' };
    const key = await verifyKey(jwk, 'RS256');
    const input = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), privateKey).toString('base64url'); // jose refuses to sign
    expect(verifySignatureNatively('RS256', input, signature, key)).toBe(false);
    expect(await joseAccepts(`${input}.${signature}`, key, 'RS256')).toBe(false);
  });

  it('leaves algorithms it does not know to the caller', async () => {
    const key = await generateSigningKey('RS256');
    const cryptoKey = await verifyKey(key.publicJwk, 'RS256');
    expect(verifySignatureNatively('XY256', 'a.b', 'c', cryptoKey)).toBeUndefined();
  });
});
