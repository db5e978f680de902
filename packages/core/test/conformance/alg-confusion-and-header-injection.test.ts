import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  idTokenClaims,
  mintToken,
  rawToken,
  testConnector,
} from '../../src/testing/index.ts';
import { codeOf, setup } from './support.ts';

describe('algorithm confusion and key-bearing headers', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])(
    'refuses alg "%s" with an empty signature as an algorithm never allowed',
    async (alg) => {
      const { verifier, now } = setup([
        testConnector({ publicKeys: [(await generateSigningKey('RS256')).publicJwk] }),
      ]);
      const token = rawToken(`{"alg":"${alg}","typ":"JWT"}`, JSON.stringify(idTokenClaims(now())), '');
      expect(await codeOf(verifier.verify(token))).toBe('TOKEN_ALG_NOT_ALLOWED');
    },
  );

  it('refuses an empty signature under a real algorithm as unsigned', async () => {
    const key = await generateSigningKey('RS256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    const [header, payload] = (await mintToken(key, idTokenClaims(now()))).split('.');
    expect(await codeOf(verifier.verify(`${header}.${payload}.`))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('names the connector allowed algorithms when refusing one, never the token alg', async () => {
    const key = await generateSigningKey('ES384');
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicJwk], allowedAlgorithms: ['RS256', 'ES256'] }),
    ]);
    const err = await verifier.verify(await mintToken(key, idTokenClaims(now()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_ALG_NOT_ALLOWED' });
    expect((err as Error).message).toContain('connector "main" (allowed: RS256, ES256)');
    expect((err as Error).message).not.toContain('ES384');
  });

  it('refuses alg "none" with a non-empty signature as an algorithm that is never allowed', async () => {
    const { verifier, now } = setup([
      testConnector({ publicKeys: [(await generateSigningKey('RS256')).publicJwk] }),
    ]);
    const token = rawToken('{"alg":"none"}', JSON.stringify(idTokenClaims(now())), 'AAAA');
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('refuses an HS256 token whose HMAC secret is the brand RSA public key PEM', async () => {
    const key = await generateSigningKey('RS256');
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicPem], allowedAlgorithms: ['RS256', 'HS256'] }),
    ]);
    const forged = await mintToken({ alg: 'HS256', secret: key.publicPem }, idTokenClaims(now()));
    expect(await codeOf(verifier.verify(forged))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('verifies HS256 only with the shared secret, never with the brand public key as secret', async () => {
    const key = await generateSigningKey('RS256');
    const sharedSecret = 'another-shared-secret-of-32-chars-or-more';
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicPem], sharedSecret, allowedAlgorithms: ['RS256', 'HS256'] }),
    ]);
    const forged = await mintToken({ alg: 'HS256', secret: key.publicPem }, idTokenClaims(now()));
    expect(await codeOf(verifier.verify(forged))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an ES256 token presented with the kid of an RSA key', async () => {
    const rsa = await generateSigningKey('RS256', { kid: 'shared-kid' });
    const ec = await generateSigningKey('ES256', { kid: 'shared-kid' });
    const { verifier, now } = setup([
      testConnector({ publicKeys: [rsa.publicJwk], allowedAlgorithms: ['RS256', 'ES256'] }),
    ]);
    expect(await codeOf(verifier.verify(await mintToken(ec, idTokenClaims(now()))))).toBe(
      'TOKEN_KEY_NOT_FOUND',
    );
  });

  it('ignores an attacker key embedded in the jwk header', async () => {
    const real = await generateSigningKey('RS256');
    const attacker = await generateSigningKey('RS256');
    const { verifier, now } = setup([testConnector({ publicKeys: [real.publicJwk] })]);
    const token = await mintToken(attacker, idTokenClaims(now()), { kid: null, jwk: attacker.publicJwk });
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('never fetches jku or x5u header URLs and refuses the attacker-signed token', async () => {
    const real = await generateSigningKey('ES256');
    const attacker = await generateSigningKey('ES256');
    const { verifier, now, idpHttp } = setup([testConnector({ publicKeys: [real.publicJwk] })]);
    idpHttp.serve('https://evil.example/jwks', { keys: [attacker.publicJwk] });
    const token = await mintToken(attacker, idTokenClaims(now()), {
      kid: null,
      jku: 'https://evil.example/jwks',
      x5u: 'https://evil.example/cert.pem',
    });
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(idpHttp.calls).toEqual([]);
  });

  it('refuses an x5c header carrying an attacker certificate chain', async () => {
    const real = await generateSigningKey('RS256');
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const { verifier, now } = setup([testConnector({ publicKeys: [real.publicJwk] })]);
    const token = await new SignJWT(idTokenClaims(now()))
      .setProtectedHeader({ alg: 'RS256', x5c: ['MIIBIjAN'], jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an unknown crit extension before any key lookup', async () => {
    const key = await generateSigningKey('RS256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    const header = JSON.stringify({ alg: 'RS256', kid: key.kid, crit: ['exp-ext'], 'exp-ext': true });
    expect(await codeOf(verifier.verify(rawToken(header, JSON.stringify(idTokenClaims(now())))))).toBe(
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });
});
