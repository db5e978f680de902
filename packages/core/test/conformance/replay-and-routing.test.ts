import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  TEST_CLIENT_ID,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  testConnector,
  type TestSigningKey,
} from '../../src/testing/index.ts';
import { codeOf, setup } from './support.ts';

describe('replay protection', () => {
  it('refuses the second presentation of a token with jti', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now, replayCache } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    const token = await mintToken(key, idTokenClaims(now(), { jti: 'j-1' }));
    await verifier.verify(token);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_REPLAYED');
    expect([...replayCache.keys.keys()]).toEqual(['idt:acme:main:jti:j-1']);
  });

  it('refuses a second token reusing a jti', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    await verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'same', sub: 'a' })));
    expect(
      await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'same', sub: 'b' })))),
    ).toBe('TOKEN_REPLAYED');
  });

  it('keys tokens without jti by the SHA-256 of the decoded signature', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now, replayCache } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    const token = await mintToken(key, idTokenClaims(now(), { jti: undefined }));
    await verifier.verify(token);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_REPLAYED');
    const signature = Buffer.from(token.split('.')[2]!, 'base64url');
    const digest = createHash('sha256').update(signature).digest('base64url');
    expect([...replayCache.keys.keys()]).toEqual([`idt:acme:main:sig:${digest}`]);
  });

  it('remembers the token until exp plus the clock tolerance', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now, replayCache } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    await verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'j', exp: now() + 100 })));
    expect(replayCache.keys.get('idt:acme:main:jti:j')).toBe((now() + 130) * 1000);
  });

  it.each([
    [
      'the signature is forged',
      'TOKEN_SIGNATURE_INVALID',
      async (key: TestSigningKey, iat: number) =>
        mintToken(await generateSigningKey('ES256', { kid: key.kid }), idTokenClaims(iat, { jti: 'victim' })),
    ],
    [
      'the claims fail',
      'TOKEN_AUDIENCE_MISMATCH',
      async (key: TestSigningKey, iat: number) =>
        mintToken(key, idTokenClaims(iat, { jti: 'victim', aud: 'x' })),
    ],
  ] as const)('does not burn a jti when %s', async (_name, code, failingToken) => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk] })]);
    expect(await codeOf(verifier.verify(await failingToken(key, now())))).toBe(code);
    await expect(
      verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'victim' }))),
    ).resolves.toBeDefined();
  });

  it('does not burn a jti when the routed connector does not enable the flow, and still refuses a replay', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([testConnector({ publicKeys: [key.publicJwk], flows: ['code'] })]);
    const token = await mintToken(key, idTokenClaims(now(), { jti: 'kept' }));
    expect(await codeOf(verifier.verify(token, { flow: 'implicit' }))).toBe('FLOW_NOT_ENABLED');
    await expect(verifier.verify(token, { flow: 'code' })).resolves.toMatchObject({ connectorId: 'main' });
    expect(await codeOf(verifier.verify(token, { flow: 'code' }))).toBe('TOKEN_REPLAYED');
  });

  it('accepts a replay when the connector turns replayProtection off', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([
      testConnector({ publicKeys: [key.publicJwk], replayProtection: false }),
    ]);
    const token = await mintToken(key, idTokenClaims(now()));
    await verifier.verify(token);
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });
});

describe('connector routing', () => {
  async function twoConnectors() {
    const a = await generateSigningKey('ES256');
    const b = await generateSigningKey('ES256');
    const ctx = setup([
      testConnector({ id: 'a', issuer: 'https://a.example', publicKeys: [a.publicJwk] }),
      testConnector({ id: 'b', issuer: 'https://b.example', publicKeys: [b.publicJwk] }),
    ]);
    return { a, b, ...ctx };
  }

  it('routes by the token issuer', async () => {
    const { a, b, verifier, now } = await twoConnectors();
    expect(
      (await verifier.verify(await mintToken(b, idTokenClaims(now(), { iss: 'https://b.example' }))))
        .connectorId,
    ).toBe('b');
    expect(
      (await verifier.verify(await mintToken(a, idTokenClaims(now(), { iss: 'https://a.example' }))))
        .connectorId,
    ).toBe('a');
  });

  it('refuses an issuer no connector has', async () => {
    const { a, verifier, now } = await twoConnectors();
    expect(
      await codeOf(verifier.verify(await mintToken(a, idTokenClaims(now(), { iss: 'https://c.example' })))),
    ).toBe('TOKEN_ISSUER_MISMATCH');
  });

  it('honours an explicit connector id and refuses an unknown one', async () => {
    const { a, verifier, now } = await twoConnectors();
    const token = await mintToken(a, idTokenClaims(now(), { iss: 'https://a.example' }));
    expect(await codeOf(verifier.verify(token, { connectorId: 'b' }))).toBe('TOKEN_KEY_NOT_FOUND');
    expect(await codeOf(verifier.verify(token, { connectorId: 'zzz' }))).toBe('CONNECTOR_NOT_FOUND');
    expect((await verifier.verify(token, { connectorId: 'a' })).connectorId).toBe('a');
  });

  it('prefers the connector whose clientId is in aud when several share an issuer', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([
      testConnector({ id: 'web', clientId: 'web-client', publicKeys: [key.publicJwk] }),
      testConnector({ id: 'app', clientId: TEST_CLIENT_ID, publicKeys: [key.publicJwk] }),
    ]);
    expect((await verifier.verify(await mintToken(key, idTokenClaims(now())))).connectorId).toBe('app');
  });

  it('reports CONNECTOR_NOT_FOUND for an account without connectors', async () => {
    const key = await generateSigningKey('ES256');
    const { verifier, now } = setup([]);
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()))))).toBe(
      'CONNECTOR_NOT_FOUND',
    );
  });
});
