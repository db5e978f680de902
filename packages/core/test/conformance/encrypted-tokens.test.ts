import { CompactEncrypt, base64url, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { ensureAccountKeys } from '../../src/keys/ensure-account-keys.ts';
import { publicEncryptionJwks } from '../../src/keys/public-encryption-jwks.ts';
import {
  createTestKeyStore,
  encryptToken,
  generateSigningKey,
  idTokenClaims,
  mintToken,
} from '../../src/testing/index.ts';
import { codeOf, setupWithKey } from './support.ts';

async function fixture(overrides: Record<string, unknown> = {}) {
  const ctx = await setupWithKey('RS256', overrides);
  const jwks = publicEncryptionJwks(await ensureAccountKeys(ctx.keyStore, ctx.account.id, ctx.clock));
  const encKey = (alg: string) => jwks.keys.find((k) => k.alg === alg)!;
  return { ...ctx, jwks, encKey, jws: ctx.mint };
}

describe('encrypted id_tokens (JWS nested in JWE)', () => {
  it.each([
    ['RSA-OAEP-256', 'A256GCM'],
    ['RSA-OAEP-256', 'A128CBC-HS256'],
    ['ECDH-ES', 'A256GCM'],
    ['ECDH-ES', 'A128CBC-HS256'],
  ])('accepts a JWE with alg %s and enc %s', async (alg, enc) => {
    const { verifier, encKey, jws } = await fixture();
    const verified = await verifier.verify(
      await encryptToken(await jws({ sub: 'enc-user' }), encKey(alg), { alg, enc }),
    );
    expect(verified).toMatchObject({ subject: 'enc-user', encrypted: true });
  });

  it('accepts a JWE without kid or cty header', async () => {
    const { verifier, encKey, jws } = await fixture();
    const { kid: _kid, ...noKid } = encKey('ECDH-ES');
    const token = await encryptToken(await jws(), noKid, { header: { cty: undefined } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ encrypted: true });
  });

  it('refuses a JWE encrypted to another account key', async () => {
    const { verifier, jws, encKey } = await fixture();
    const other = publicEncryptionJwks(
      await ensureAccountKeys(createTestKeyStore(), 'other', { now: () => 0 }),
    );
    const foreign = other.keys.find((k) => k.alg === 'RSA-OAEP-256')!;
    expect(await codeOf(verifier.verify(await encryptToken(await jws(), foreign)))).toBe(
      'TOKEN_DECRYPTION_FAILED',
    );
    const sameKidForeignKey = { ...other.keys.find((k) => k.alg === 'ECDH-ES')!, kid: encKey('ECDH-ES').kid };
    expect(await codeOf(verifier.verify(await encryptToken(await jws(), sameKidForeignKey)))).toBe(
      'TOKEN_DECRYPTION_FAILED',
    );
  });

  it('refuses a tampered JWE ciphertext', async () => {
    const { verifier, jws, encKey } = await fixture();
    const parts = (await encryptToken(await jws(), encKey('RSA-OAEP-256'))).split('.');
    parts[3] = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(await codeOf(verifier.verify(parts.join('.')))).toBe('TOKEN_DECRYPTION_FAILED');
  });

  it.each([
    ['RSA1_5', 'A256GCM'],
    ['RSA-OAEP', 'A256GCM'],
    ['dir', 'A256GCM'],
    ['A256KW', 'A256GCM'],
    ['PBES2-HS256+A128KW', 'A256GCM'],
    ['ECDH-ES+A256KW', 'A256GCM'],
    ['RSA-OAEP-256', 'A128GCM'],
  ])('refuses JWE alg %s with enc %s', async (alg, enc) => {
    const { verifier } = await fixture();
    const header = base64url.encode(JSON.stringify({ alg, enc }));
    expect(await codeOf(verifier.verify(`${header}.AAAA.AAAA.AAAA.AAAA`))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('refuses a compressed (zip) JWE', async () => {
    const { verifier } = await fixture();
    const header = base64url.encode(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' }));
    expect(await codeOf(verifier.verify(`${header}.AAAA.AAAA.AAAA.AAAA`))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('refuses a JWE whose plaintext is raw claims, saying the IdP must sign then encrypt', async () => {
    const { verifier, encKey } = await fixture();
    const claims = JSON.stringify(idTokenClaims(0));
    const err = await verifier
      .verify(await encryptToken(claims, encKey('RSA-OAEP-256')))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_MALFORMED', detail: expect.stringMatching(/raw claims set/) });
    expect((err as Error).message).not.toContain('consumer-1');
  });

  it.each(['none', 'NoNe'])('refuses a JWE whose plaintext is an unsigned JWT (alg %s)', async (alg) => {
    const { verifier, encKey, now } = await fixture();
    const unsecured = `${base64url.encode(`{"alg":"${alg}"}`)}.${base64url.encode(JSON.stringify(idTokenClaims(now())))}.`;
    expect(await codeOf(verifier.verify(await encryptToken(unsecured, encKey('ECDH-ES'))))).toBe(
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });

  it('refuses a JWE whose inner JWS is not signed by the brand', async () => {
    const { verifier, encKey, now } = await fixture();
    const stranger = await generateSigningKey('RS256');
    const inner = await mintToken(stranger, idTokenClaims(now()), { kid: null });
    expect(await codeOf(verifier.verify(await encryptToken(inner, encKey('ECDH-ES'))))).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
  });

  it('refuses a plain JWS when the connector requires encryption', async () => {
    const { verifier, jws } = await fixture({ encryption: 'required' });
    expect(await codeOf(verifier.verify(await jws()))).toBe('TOKEN_ENCRYPTION_REQUIRED');
  });

  it('accepts a JWE when the connector requires encryption', async () => {
    const { verifier, jws, encKey } = await fixture({ encryption: 'required' });
    await expect(verifier.verify(await encryptToken(await jws(), encKey('ECDH-ES')))).resolves.toBeDefined();
  });

  it('refuses a JWE when the connector disables encryption', async () => {
    const { verifier, jws, encKey } = await fixture({ encryption: 'disabled' });
    const err = await verifier
      .verify(await encryptToken(await jws(), encKey('ECDH-ES')))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_DECRYPTION_FAILED', detail: expect.stringMatching(/disabled/) });
  });

  it('refuses a JWE made with a symmetric key the attacker chose (dir)', async () => {
    const { verifier, jws } = await fixture();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const token = await new CompactEncrypt(new TextEncoder().encode(await jws()))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(secret);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('refuses a JWE to an EC key on another curve', async () => {
    const { verifier, jws } = await fixture();
    const { publicKey } = await generateKeyPair('ECDH-ES', { crv: 'P-384' });
    const token = await new CompactEncrypt(new TextEncoder().encode(await jws()))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .encrypt(publicKey);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_DECRYPTION_FAILED');
  });
});
