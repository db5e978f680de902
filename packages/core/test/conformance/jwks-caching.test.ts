import { describe, expect, it } from 'vitest';
import { generateSigningKey, idTokenClaims, mintToken, testConnector } from '../../src/testing/index.ts';
import { JWKS_URI, codeOf, setup } from './support.ts';

const DISCOVERY = 'https://login.brand.example/.well-known/openid-configuration';

async function remoteFixture(overrides: Record<string, unknown> = {}) {
  const key = await generateSigningKey('ES256', { kid: 'current' });
  const ctx = setup([testConnector({ jwksUri: JWKS_URI, ...overrides })]);
  ctx.idpHttp.serve(JWKS_URI, { keys: [key.publicJwk] });
  return { key, ...ctx };
}

describe('brand JWKS fetching and caching', () => {
  it('verifies with a key from jwksUri and reuses the cached set for later tokens', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture();
    for (let i = 0; i < 5; i++) await verifier.verify(await mintToken(key, idTokenClaims(now())));
    expect(idpHttp.calls).toEqual([JWKS_URI]);
  });

  it('finds jwks_uri through discoveryUrl', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now, idpHttp } = setup([testConnector({ discoveryUrl: DISCOVERY })]);
    idpHttp.serve(DISCOVERY, {
      issuer: 'https://login.brand.example',
      jwks_uri: 'https://keys.brand.example/d',
    });
    idpHttp.serve('https://keys.brand.example/d', { keys: [key.publicJwk] });
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    expect(idpHttp.calls).toEqual([DISCOVERY, 'https://keys.brand.example/d']);
  });

  it('prefers an explicit jwksUri over the discovery document', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture({ discoveryUrl: DISCOVERY });
    idpHttp.serve(DISCOVERY, { jwks_uri: 'https://keys.brand.example/other' });
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    expect(idpHttp.calls).toEqual([JWKS_URI]);
  });

  it('fetches at most once per cooldown under a flood of 100 unknown kids', async () => {
    const { key, verifier, now, idpHttp, clock } = await remoteFixture();
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    clock.advanceSeconds(31); // past the cooldown of the initial fetch
    idpHttp.delayMs = 5;
    const flood = await Promise.all(
      Array.from({ length: 100 }, async (_, i) =>
        mintToken({ ...key, kid: `unknown-${i}` }, idTokenClaims(now())),
      ),
    );
    const codes = await Promise.all(flood.map((token) => codeOf(verifier.verify(token))));
    expect(new Set(codes)).toEqual(new Set(['TOKEN_KEY_NOT_FOUND']));
    expect(idpHttp.calls).toHaveLength(2);
    clock.advanceSeconds(10);
    expect(await codeOf(verifier.verify(flood[0]!))).toBe('TOKEN_KEY_NOT_FOUND');
    expect(idpHttp.calls).toHaveLength(2);
    clock.advanceSeconds(21);
    expect(await codeOf(verifier.verify(flood[1]!))).toBe('TOKEN_KEY_NOT_FOUND');
    expect(idpHttp.calls).toHaveLength(3);
  });

  it('does not refetch for an unknown kid within the cooldown after the last fetch', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture();
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    const rotated = await generateSigningKey('ES256', { kid: 'next' });
    idpHttp.serve(JWKS_URI, { keys: [key.publicJwk, rotated.publicJwk] });
    expect(await codeOf(verifier.verify(await mintToken(rotated, idTokenClaims(now()))))).toBe(
      'TOKEN_KEY_NOT_FOUND',
    );
    expect(idpHttp.calls).toHaveLength(1);
  });

  it('refetches an unknown kid after the cooldown and then verifies with the new key', async () => {
    const { key, verifier, now, idpHttp, clock } = await remoteFixture();
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    clock.advanceSeconds(31);
    const rotated = await generateSigningKey('ES256', { kid: 'next' });
    idpHttp.serve(JWKS_URI, { keys: [rotated.publicJwk] });
    await expect(verifier.verify(await mintToken(rotated, idTokenClaims(now())))).resolves.toBeDefined();
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('serves the stale key set while the IdP is down', async () => {
    const { key, verifier, now, idpHttp, clock } = await remoteFixture();
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    idpHttp.down = true;
    clock.advanceSeconds(601);
    await expect(verifier.verify(await mintToken(key, idTokenClaims(now())))).resolves.toBeDefined();
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('refreshes the set after jwksCacheSeconds', async () => {
    const { key, verifier, now, idpHttp, clock } = await remoteFixture();
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    clock.advanceSeconds(599);
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    expect(idpHttp.calls).toHaveLength(1);
    clock.advanceSeconds(2);
    await verifier.verify(await mintToken(key, idTokenClaims(now())));
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('reports IDP_UNAVAILABLE only when no key set was ever loaded, and retries only after the cooldown', async () => {
    const { key, verifier, now, idpHttp, clock } = await remoteFixture();
    idpHttp.down = true;
    const token = await mintToken(key, idTokenClaims(now()));
    expect(await codeOf(verifier.verify(token))).toBe('IDP_UNAVAILABLE');
    expect(await codeOf(verifier.verify(token))).toBe('IDP_UNAVAILABLE');
    expect(idpHttp.calls).toHaveLength(1);
    idpHttp.down = false;
    clock.advanceSeconds(31);
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });

  it('reports IDP_UNAVAILABLE for a JWKS document without keys array', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture();
    idpHttp.serve(JWKS_URI, { nope: [] });
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()))))).toBe('IDP_UNAVAILABLE');
  });

  it('skips unparseable JWKS keys and still verifies with the good one', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture();
    idpHttp.serve(JWKS_URI, {
      keys: [
        { kty: 'RSA', kid: 'broken', n: '!!!', e: 'AQAB' },
        { kty: 'EC', crv: 'P-256', kid: 'bad-point', x: 'AAAA', y: 'AAAA' },
        { kty: 'oct', kid: 'sym', k: 'c2VjcmV0' },
        'not-a-key',
        null,
        { kty: 'ES256', kid: 'current' },
        key.publicJwk,
      ],
    });
    await expect(verifier.verify(await mintToken(key, idTokenClaims(now())))).resolves.toBeDefined();
  });

  it('skips JWKS keys marked for encryption', async () => {
    const { key, verifier, now, idpHttp } = await remoteFixture();
    idpHttp.serve(JWKS_URI, { keys: [{ ...key.publicJwk, use: 'enc' }] });
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()))))).toBe(
      'TOKEN_KEY_NOT_FOUND',
    );
  });

  it('tries every usable key for a token without kid and accepts the one that fits', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => generateSigningKey('ES256')));
    const { verifier, now, idpHttp } = setup([testConnector({ jwksUri: JWKS_URI })]);
    idpHttp.serve(JWKS_URI, { keys: keys.map((k) => k.publicJwk) });
    await expect(
      verifier.verify(await mintToken(keys[2]!, idTokenClaims(now()), { kid: null })),
    ).resolves.toBeDefined();
  });

  it('tries at most 8 keys for a token without kid', async () => {
    const keys = await Promise.all(Array.from({ length: 9 }, () => generateSigningKey('ES256')));
    const { verifier, now, idpHttp } = setup([testConnector({ jwksUri: JWKS_URI })]);
    idpHttp.serve(JWKS_URI, { keys: keys.map((k) => k.publicJwk) });
    expect(
      await codeOf(verifier.verify(await mintToken(keys[8]!, idTokenClaims(now()), { kid: null }))),
    ).toBe('TOKEN_SIGNATURE_INVALID');
    await expect(
      verifier.verify(await mintToken(keys[7]!, idTokenClaims(now()), { kid: null })),
    ).resolves.toBeDefined();
  });

  it('refuses a token without kid that no configured key verifies', async () => {
    const { verifier, now } = await remoteFixture();
    const stranger = await generateSigningKey('ES256');
    expect(
      await codeOf(verifier.verify(await mintToken(stranger, idTokenClaims(now()), { kid: null }))),
    ).toBe('TOKEN_SIGNATURE_INVALID');
  });
});
