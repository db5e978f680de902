import type { ErrorCode } from '@parley/protocol';

/** When each catalogue code is returned (DESIGN.md §5); every code must have an entry. */
export const ERROR_WHEN: Record<ErrorCode, string> = {
  REQUEST_INVALID:
    'The body or parameters fail the schema (also an unregistered `redirectUri`, or an `origin` not allowed).',
  ACCOUNT_NOT_FOUND: 'The account in the URL is not configured.',
  NOT_FOUND: 'No route has this method and path (the path is not echoed).',
  ORIGIN_NOT_ALLOWED:
    "A browser request or WebSocket from an `Origin` outside the account's `allowedOrigins` (agent routes also accept `server.publicUrl`); refused before anything is consumed. Requests without `Origin` are allowed.",
  SERVICE_UNAVAILABLE: 'A dependency (database, cache) is unreachable; `Retry-After` says when to try again.',
  INTERNAL_ERROR:
    'A bug: the body says nothing more; the log line with the same request id (`reqId`) has the details.',
  FLOW_NOT_ENABLED: 'The credential type is not in the connector `flows`.',
  TOKEN_MALFORMED:
    'Not a compact JWS/JWE; bad or non-canonical base64url or JSON; duplicate or wrong-typed claims; missing `exp`/`iat`; bad `typ`; an id_token with `events` (a logout token); a JWE holding raw claims; over 16 KB.',
  TOKEN_ALG_NOT_ALLOWED:
    'Unsigned (`alg` `none` in any case, or an empty signature, also inside a JWE), HS* without a shared secret, an alg outside `allowedAlgorithms`, JWE `dir`/`RSA1_5`/`PBES2-*`/`A*KW`, `zip`, unknown `crit`.',
  TOKEN_KEY_NOT_FOUND: 'No key for the `kid`, even after one rate-limited JWKS refresh.',
  TOKEN_SIGNATURE_INVALID:
    'The signature does not verify, even after one rate-limited JWKS refresh when the `kid` is from the JWKS (a key replaced under the same `kid`).',
  TOKEN_ENCRYPTION_REQUIRED: 'A plain JWS while the connector has `encryption: "required"`.',
  TOKEN_DECRYPTION_FAILED: "The JWE cannot be decrypted with this account's keys.",
  TOKEN_EXPIRED: '`exp` has passed (beyond the clock tolerance).',
  TOKEN_NOT_YET_VALID: '`nbf` is in the future.',
  TOKEN_ISSUED_IN_FUTURE: '`iat` is in the future beyond the clock tolerance.',
  TOKEN_TOO_OLD: '`iat` is older than `maxTokenAgeSeconds`.',
  TOKEN_ISSUER_MISMATCH: "`iss` is not the connector's issuer.",
  TOKEN_AUDIENCE_MISMATCH: "`aud` lacks the connector's `clientId` (an empty `aud` array included).",
  TOKEN_AZP_MISMATCH: '`azp` is present (or required by several audiences) and differs from `clientId`.',
  TOKEN_SUBJECT_MISSING: 'No usable subject claim.',
  TOKEN_SUBJECT_MISMATCH:
    'With `userinfo: true`: the UserInfo response has no `sub`, or not the `sub` of the id_token (OpenID Connect Core §5.3.4).',
  TOKEN_NONCE_MISMATCH: 'The popup flow nonce check failed.',
  TOKEN_REPLAYED:
    'The same token (`jti`, or the hash of its signature without `jti`) was presented before; id_tokens and logout tokens share one namespace.',
  CODE_EXCHANGE_FAILED: "The brand's token endpoint refused the code.",
  CODE_REPLAYED: 'The authorization code was already used.',
  PKCE_TRANSACTION_UNKNOWN: 'The PKCE transaction is unknown or already used.',
  PKCE_TRANSACTION_EXPIRED: 'The PKCE transaction is past its lifetime (10 minutes).',
  STATE_INVALID:
    'The popup `state` is unknown, reused or expired, was started in another browser (no matching popup cookie), or the callback has no or another RFC 9207 `iss`.',
  SESSION_INVALID: 'The Parley session token is bad, revoked or expired.',
  AGENT_CREDENTIALS_INVALID:
    'Agent login refused (the same answer for an unknown email and a wrong password).',
  AUTHENTICATION_REQUIRED: 'Anonymous access to an account with `requireAuthentication`.',
  CONVERSATION_NOT_FOUND: 'Unknown conversation, or one of another consumer or account.',
  IDP_UNAVAILABLE:
    'Discovery, JWKS or token endpoint unreachable, timed out, non-2xx, not JSON, too large, or refused by the IdP URL policy.',
  RATE_LIMITED: 'A per-IP or per-account limit was hit; `Retry-After` says when to retry.',
  REQUEST_TOO_LARGE: 'The request body is over 64 KB.',
  CONNECTOR_NOT_FOUND: 'Unknown connector id.',
  CONSUMER_NOT_FOUND: 'Admin API: unknown consumer.',
  ADMIN_UNAUTHORIZED: 'Admin API key missing or wrong.',
};
