/**
 * Test helpers shared by every package's tests (`@parley/core/testing`): fake clock, in-memory
 * ports, brand key generation, token minting and a real oidc-provider harness.
 */
export { createFakeClock, type FakeClock } from './fake-clock.ts';
export { createTestReplayCache } from './test-replay-cache.ts';
export { createTestKeyStore } from './test-key-store.ts';
export { createFakeIdpHttp, type FakeIdpHttp } from './fake-idp-http.ts';
export { createFetchIdpHttp } from './fetch-idp-http.ts';
export { createTestVerifier, type TestVerifier } from './test-verifier.ts';
export { generateSigningKey, type TestSigningKey } from './brand-keys.ts';
export {
  TEST_ISSUER,
  TEST_CLIENT_ID,
  testConnector,
  testAccount,
  idTokenClaims,
  mintToken,
  rawToken,
  encryptToken,
  type MintKey,
} from './mint-token.ts';
export {
  followAuthorization,
  startTestIdp,
  TEST_IDP_REDIRECT_URI,
  TEST_IDP_IMPLICIT_CLIENT,
  TEST_IDP_CODE_CLIENT,
  type TestIdp,
  type TestIdpOptions,
} from './oidc-provider-harness.ts';
export {
  startCodeFlowIdp,
  CODE_IDP_BRAND_REDIRECT,
  CODE_IDP_CLIENTS,
  CODE_IDP_ENCRYPTED_CLIENT,
  CODE_IDP_SIGNED_USERINFO_CLIENT,
  CODE_IDP_USERINFO_IMPOSTOR_PREFIX,
  codeIdpClaims,
  type CodeFlowIdp,
  type CodeFlowIdpOptions,
  type CodeIdpAuthMethod,
} from './code-flow-idp.ts';
