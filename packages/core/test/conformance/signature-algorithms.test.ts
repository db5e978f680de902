import { describe, expect, it } from 'vitest';
import { ASYMMETRIC_ALGORITHMS, JWS_ALGORITHMS } from '../../src/config/schema.ts';
import { generateSigningKey, idTokenClaims, mintToken, testConnector } from '../../src/testing/index.ts';
import { codeOf, setup } from './support.ts';

const ASYMMETRIC = ASYMMETRIC_ALGORITHMS;
const SECRET = 'a-shared-secret-of-at-least-32-characters!';

describe('signature algorithms', () => {
  it.each(ASYMMETRIC)('accepts a %s token signed by a configured public JWK', async (alg) => {
    const key = await generateSigningKey(alg);
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicJwk], allowedAlgorithms: [alg] }),
    ]);
    const verified = await verifier.verify(await mintToken(key, idTokenClaims(now(), { sub: `c-${alg}` })));
    expect(verified.subject).toBe(`c-${alg}`);
    expect(verified.header.alg).toBe(alg);
  });

  it.each(ASYMMETRIC)('accepts a %s token signed by a configured SPKI PEM key', async (alg) => {
    const key = await generateSigningKey(alg);
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicPem], allowedAlgorithms: [alg] }),
    ]);
    await expect(verifier.verify(await mintToken(key, idTokenClaims(now())))).resolves.toMatchObject({
      subject: 'consumer-1',
    });
  });

  it.each(['HS256', 'HS384', 'HS512'] as const)(
    'accepts a %s token signed with the connector sharedSecret',
    async (alg) => {
      const { verifier, now } = setup([testConnector({ sharedSecret: SECRET, allowedAlgorithms: [alg] })]);
      const verified = await verifier.verify(await mintToken({ alg, secret: SECRET }, idTokenClaims(now())));
      expect(verified.header.alg).toBe(alg);
    },
  );

  it('refuses an HS256 token signed with another secret', async () => {
    const { verifier, now } = setup([testConnector({ sharedSecret: SECRET, allowedAlgorithms: ['HS256'] })]);
    const token = await mintToken({ alg: 'HS256', secret: `${SECRET}-other` }, idTokenClaims(now()));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an HS256 token when the connector has no sharedSecret, even if HS256 is allowed', async () => {
    const key = await generateSigningKey('RS256');
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicJwk], allowedAlgorithms: ['RS256', 'HS256'] }),
    ]);
    const token = await mintToken({ alg: 'HS256', secret: SECRET }, idTokenClaims(now()));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('refuses an algorithm missing from allowedAlgorithms even though the key fits it', async () => {
    const key = await generateSigningKey('PS256');
    const { verifier, now } = setup([
      testConnector({ publicKeys: [{ ...key.publicJwk, alg: undefined }], allowedAlgorithms: ['RS256'] }),
    ]);
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()))))).toBe(
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });

  it('refuses a token whose signature was altered', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    const token = await mintToken(key, idTokenClaims(now()));
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect(await codeOf(verifier.verify(flipped))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses a token signed by a key that is not configured, even with a matching kid', async () => {
    const real = await generateSigningKey('RS256', { kid: 'k1' });
    const attacker = await generateSigningKey('RS256', { kid: 'k1' });
    const { verifier, now } = setup([testConnector({ publicKeys: [real.publicJwk] })]);
    expect(await codeOf(verifier.verify(await mintToken(attacker, idTokenClaims(now()))))).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
  });

  it('covers every algorithm of the config schema', () => {
    expect([...ASYMMETRIC, 'HS256', 'HS384', 'HS512'].sort()).toEqual([...JWS_ALGORITHMS].sort());
  });
});
