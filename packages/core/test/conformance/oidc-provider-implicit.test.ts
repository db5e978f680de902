import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import {
  TEST_IDP_IMPLICIT_CLIENT,
  createFetchIdpHttp,
  createTestKeyStore,
  createTestReplayCache,
  startTestIdp,
  testAccount,
  testConnector,
  type TestIdp,
} from '../../src/testing/index.ts';
import { createIdTokenVerifier } from '../../src/token/verify-id-token.ts';
import { codeOf } from './support.ts';

describe('implicit flow against a real oidc-provider', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(async () => {
    await idp?.close();
  });

  function verifierFor(idpHttp = createFetchIdpHttp()) {
    const connector = testConnector({
      issuer: idp.issuer,
      clientId: TEST_IDP_IMPLICIT_CLIENT,
      discoveryUrl: idp.discoveryUrl,
    });
    const account = testAccount([connector]);
    const replayCache = createTestReplayCache(systemClock);
    return createIdTokenVerifier({
      account,
      keyStore: createTestKeyStore(),
      replayCache,
      idpHttp,
      clock: systemClock,
    });
  }

  it('verifies the id_token the provider issued through discovery and JWKS, then refuses its replay', async () => {
    const idpHttp = createFetchIdpHttp();
    const verifier = verifierFor(idpHttp);
    const idToken = await idp.obtainIdTokenImplicit({ nonce: 'nonce-123', login: 'alice' });
    const verified = await verifier.verify(idToken, { nonce: 'nonce-123' });
    expect(verified).toMatchObject({
      subject: 'alice',
      issuer: idp.issuer,
      connectorId: 'main',
      encrypted: false,
    });
    expect(verified.claims.aud).toBe(TEST_IDP_IMPLICIT_CLIENT);
    expect(idpHttp.calls).toEqual([idp.discoveryUrl, expect.stringContaining(idp.issuer)]);
    expect(await codeOf(verifier.verify(idToken, { nonce: 'nonce-123' }))).toBe('TOKEN_REPLAYED');
  });

  it('refuses the provider id_token when the expected nonce differs', async () => {
    const idToken = await idp.obtainIdTokenImplicit({ nonce: 'nonce-a' });
    expect(await codeOf(verifierFor().verify(idToken, { nonce: 'nonce-b' }))).toBe('TOKEN_NONCE_MISMATCH');
  });

  it('obtains an authorization code with PKCE from the same harness', async () => {
    const { code, redirectUri } = await idp.obtainAuthorizationCode({
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state: 's1',
    });
    expect(code).toMatch(/\S{10,}/);
    expect(redirectUri).toMatch(/^https:\/\//);
  });
});
