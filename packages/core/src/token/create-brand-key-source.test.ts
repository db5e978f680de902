import { describe, expect, it } from 'vitest';
import { createFakeClock, createFakeIdpHttp, generateSigningKey, testConnector } from '../testing/index.ts';
import { createBrandKeySource } from './create-brand-key-source.ts';

const JWKS = 'https://login.brand.example/jwks';

describe('createBrandKeySource', () => {
  it('shares one in-flight fetch among concurrent first requests', async () => {
    const key = await generateSigningKey('ES256');
    const idpHttp = createFakeIdpHttp({ [JWKS]: { keys: [key.publicJwk] } });
    idpHttp.delayMs = 10;
    const source = createBrandKeySource(testConnector({ jwksUri: JWKS }), {
      idpHttp,
      clock: createFakeClock(),
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => source.keysFor('ES256', key.kid)));
    expect(results.every((keys) => keys.length === 1)).toBe(true);
    expect(idpHttp.calls).toHaveLength(1);
  });

  it('imports each key once and returns the same CryptoKey for every token', async () => {
    const key = await generateSigningKey('RS256');
    const source = createBrandKeySource(testConnector({ publicKeys: [key.publicJwk] }), {
      idpHttp: createFakeIdpHttp(),
      clock: createFakeClock(),
    });
    const [a] = await source.keysFor('RS256', key.kid);
    const [b] = await source.keysFor('RS256', key.kid);
    expect(a).toBe(b);
  });

  it('throws a TypeError on first use when a configured public key is unusable', async () => {
    const source = createBrandKeySource(
      testConnector({ publicKeys: ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'] }),
      {
        idpHttp: createFakeIdpHttp(),
        clock: createFakeClock(),
      },
    );
    await expect(source.keysFor('RS256', undefined)).rejects.toThrow(TypeError);
  });

  it('never offers asymmetric keys for HS* nor the shared secret for asymmetric algs', async () => {
    const key = await generateSigningKey('RS256');
    const connector = testConnector({ publicKeys: [key.publicJwk], sharedSecret: 's'.repeat(32) });
    const source = createBrandKeySource(connector, {
      idpHttp: createFakeIdpHttp(),
      clock: createFakeClock(),
    });
    const [hmac] = await source.keysFor('HS256', key.kid);
    expect(hmac!.algorithm.name).toBe('HMAC');
    const [rsa] = await source.keysFor('RS256', key.kid);
    expect(rsa!.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
  });
});
