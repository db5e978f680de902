export * from './errors.ts';
export * from './clock.ts';
export * from './config/index.ts';
export type * from './ports.ts';
export type { VerifiedIdToken } from './token/verified-token.ts';
export { buildProfile, profileClaims, displayNameOf, STANDARD_CLAIMS } from './identity/build-profile.ts';
export { parseSdes } from './identity/parse-sdes.ts';
export { readClaimPath } from './identity/read-claim-path.ts';
export { maskValue } from './identity/mask-value.ts';
export { createSessionTokenSigner } from './session/session-token-signer.ts';
export type { SessionTokenSigner, SessionTokenClaims } from './session/session-token-signer.ts';
export { issueSession, verifySession, revokeSessionToken } from './session/session-service.ts';
export type { IssuedSession, SessionDeps } from './session/session-service.ts';
export { createAccountConnectors, type AccountConnectors } from './account/account-connectors.ts';
export { endRevokedSessions, type SessionEffectDeps } from './session/session-effects.ts';
export type { LoginDeps, IdTokenVerifierLike } from './flows/login-deps.ts';
export { startAnonymousSession } from './flows/start-anonymous-session.ts';
export { completeLogin, checkAnonymousSession, assertFlowEnabled } from './flows/complete-login.ts';
export type { LoginResult } from './flows/complete-login.ts';
export { authenticateWithIdToken } from './flows/authenticate-with-id-token.ts';
export {
  parseCompact,
  MAX_TOKEN_LENGTH,
  type ParsedCompact,
  type ParsedJws,
  type ParsedJwe,
  type ExpectedTokenType,
} from './token/parse-compact.ts';
export { parseStrictJsonObject } from './token/parse-strict-json.ts';
export {
  assertJwsAlgorithmAllowed,
  assertJweAlgorithmAllowed,
  isHmacAlgorithm,
  JWE_KEY_ALGORITHMS,
  JWE_CONTENT_ALGORITHMS,
} from './token/assert-algorithm-allowed.ts';
export {
  createBrandKeySource,
  MAX_KEYS_WITHOUT_KID,
  type BrandKeySource,
} from './token/create-brand-key-source.ts';
export { keyFitsAlgorithm } from './token/key-fits-algorithm.ts';
export { toBrandPublicJwk } from './token/to-brand-public-jwk.ts';
export { validateClaims, type ValidatedClaims, type ValidateClaimsOptions } from './token/validate-claims.ts';
export { assertNotReplayed, type ReplayCheckInput } from './token/assert-not-replayed.ts';
export { createAccountDecrypter, type AccountDecrypter } from './token/create-account-decrypter.ts';
export { verifyJwsSignature } from './token/verify-jws-signature.ts';
export {
  createIdTokenVerifier,
  type IdTokenVerifier,
  type IdTokenVerifierDeps,
  type VerifyIdTokenOptions,
} from './token/verify-id-token.ts';
export { ensureAccountKeys } from './keys/ensure-account-keys.ts';
export { publicEncryptionJwks } from './keys/public-encryption-jwks.ts';
export {
  ensureSessionSigningKeys,
  sessionKeyId,
  sessionKeysOf,
  SESSION_KINDS,
  type SessionKind,
} from './keys/session-signing-keys.ts';
export {
  createSessionKeyring,
  SESSION_KEYRING_REFRESH_MS,
  type SessionKeyring,
  type SessionSigningKey,
} from './keys/session-keyring.ts';
export { rotateSessionSigningKey, type SessionKeyRotation } from './keys/rotate-session-signing-key.ts';
// Code flow, PKCE (web/mobile), popup window, back-channel logout.
export type { OneTimeRecord, OneTimeStore, PkceStore, PkceTransactionRecord } from './flows/pkce-store.ts';
export { ONE_TIME_RECORD_RETENTION_MS, ONE_TIME_RECORD_TTL_MS } from './flows/pkce-store.ts';
export type { StateStore, PopupStateRecord } from './flows/state-store.ts';
export type { AnonymousRefStore, AnonymousRefRecord } from './flows/anonymous-ref-store.ts';
export { ANONYMOUS_REF_TTL_MS } from './flows/anonymous-ref-store.ts';
export { createAnonymousRef } from './flows/anonymous-ref.ts';
export type {
  CodeExchanger,
  CodeExchangeInput,
  UserInfoAnswer,
  UserInfoRequest,
} from './flows/code-exchanger.ts';
export {
  createIdpEndpointResolver,
  type IdpEndpointResolver,
  type IdpEndpoints,
} from './flows/create-idp-endpoint-resolver.ts';
export { isValidCodeVerifier, s256Challenge, randomToken } from './flows/pkce-crypto.ts';
export type { CodeFlowDeps } from './flows/code-flow-deps.ts';
export { createPkceTransaction, type PkceTransactionResult } from './flows/create-pkce-transaction.ts';
export { authenticateWithCode, type AuthenticateWithCodeInput } from './flows/authenticate-with-code.ts';
export { redeemCode, CODE_REPLAY_WINDOW_MS } from './flows/redeem-code.ts';
export { startPopup, type StartPopupInput } from './flows/start-popup.ts';
export { takePopupState, finishPopupLogin, type PopupCallbackQuery } from './flows/complete-popup.ts';
export {
  logoutFromBackchannel,
  BACKCHANNEL_LOGOUT_EVENT,
  type BackchannelLogoutDeps,
  type LogoutTokenVerifierLike,
} from './flows/logout-from-backchannel.ts';
// Conversations, real-time messaging and agents.
export * from './conversation/index.ts';
export * from './agent/index.ts';
export * from './audit/index.ts';
