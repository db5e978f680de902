/** One catalogue entry: everything an integrator needs to know about one error code. */
export interface ErrorEntry {
  /** The HTTP status the server answers with. */
  status: number;
  /** The problem+json `title`. */
  title: string;
  /** When the server returns the code. */
  when: string;
  /** What an integrator or operator changes so that it stops happening. */
  fix: string;
}

/**
 * The stable error catalogue, the one table of every error code (docs/errors.md is generated
 * from it). A code, once published, is never reused for another meaning.
 */
export const ERROR_CATALOGUE = {
  REQUEST_INVALID: {
    status: 400,
    title: 'Request invalid',
    when: 'The body or parameters fail the schema (also an unregistered `redirectUri`, or an `origin` not allowed).',
    fix: 'Read `detail`: it names the failing field. Send the body and parameters that `GET /openapi.json` describes; register every `redirectUri` in the connector `redirectUris` and every page origin in `accounts[].allowedOrigins`.',
  },
  ACCOUNT_NOT_FOUND: {
    status: 404,
    title: 'Account not found',
    when: 'The account in the URL is not configured.',
    fix: 'Use the `accounts[].id` exactly as configured (ids are case-sensitive); check with `parley config check` that the server runs the file you edited.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'No such route',
    when: 'No route has this method and path (the path is not echoed).',
    fix: 'Check the method and path against the API reference: `GET /openapi.json` lists every route.',
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    title: 'Origin not allowed',
    when: "A browser request or WebSocket from an `Origin` outside the account's `allowedOrigins` (agent routes also accept `server.publicUrl`); refused before anything is consumed. Requests without `Origin` are allowed.",
    fix: 'Add the page origin (scheme, host and port, no path: `https://shop.example.com`) to `accounts[].allowedOrigins`; for agent tools, serve them from `server.publicUrl`.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    when: 'A dependency (database, cache) is unreachable; `Retry-After` says when to try again.',
    fix: 'Retry after `Retry-After` seconds. Operators: check that the database (`storage`) and Redis (`cache`) are reachable; `GET /readyz` answers 503 while one is down.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal server error',
    when: 'A bug: the body says nothing more; the log line with the same request id (`reqId`) has the details.',
    fix: "Not caused by the request: report it with the time, method and path; operators find the details in the server log line with that request's `reqId`.",
  },
  FLOW_NOT_ENABLED: {
    status: 403,
    title: 'Flow not enabled for this connector',
    when: 'The credential type is not in the connector `flows`.',
    fix: 'Add the flow you use (`implicit`, `code`, `pkce`, `popup`) to the connector `flows`, or call the endpoint of a flow that is already listed.',
  },
  TOKEN_MALFORMED: {
    status: 401,
    title: 'Token malformed',
    when: 'Not a compact JWS/JWE; bad or non-canonical base64url or JSON; duplicate or wrong-typed claims; missing `exp`/`iat`; bad `typ`; an id_token with `events` (a logout token); a JWE holding raw claims; over 16 KB.',
    fix: 'Send the id_token itself (not the access token, not a logout token), as issued and unmodified; run `parley token inspect` on it to see which header or claim is wrong, and make sure the IdP sets `exp` and `iat`.',
  },
  TOKEN_ALG_NOT_ALLOWED: {
    status: 401,
    title: 'Token algorithm not allowed',
    when: 'Unsigned (`alg` `none` in any case, or an empty signature, also inside a JWE), HS* without a shared secret, an alg outside `allowedAlgorithms`, JWE `dir`/`RSA1_5`/`PBES2-*`/`A*KW`, `zip`, unknown `crit`.',
    fix: 'Have the IdP sign with an algorithm in the connector `allowedAlgorithms` (RS256/ES256/PS256/EdDSA…); for HS* configure `sharedSecret`; encrypt with `RSA-OAEP(-256)` or `ECDH-ES(+A*KW)` key management, without `zip`.',
  },
  TOKEN_KEY_NOT_FOUND: {
    status: 401,
    title: 'Token signing key not found',
    when: 'No key for the `kid`, even after one rate-limited JWKS refresh.',
    fix: 'Make the connector `jwksUri` (or discovery `jwks_uri`) publish the key with the token `kid`, or add it to `publicKeys`; `parley doctor` lists the usable keys per algorithm.',
  },
  TOKEN_SIGNATURE_INVALID: {
    status: 401,
    title: 'Token signature invalid',
    when: 'The signature does not verify, even after one rate-limited JWKS refresh when the `kid` is from the JWKS (a key replaced under the same `kid`).',
    fix: 'The token was changed or signed by another key: send it untouched, and check that the connector points at the JWKS of the IdP that issued it (`parley doctor`); with HS*, that `sharedSecret` equals the IdP client secret.',
  },
  TOKEN_ENCRYPTION_REQUIRED: {
    status: 401,
    title: 'Token encryption required',
    when: 'A plain JWS while the connector has `encryption: "required"`.',
    fix: 'Configure the IdP to encrypt id_tokens to the account JWKS (`/v1/accounts/{account}/.well-known/jwks.json`), or set the connector `encryption` to `optional`.',
  },
  TOKEN_DECRYPTION_FAILED: {
    status: 401,
    title: 'Token decryption failed',
    when: "The JWE cannot be decrypted with this account's keys.",
    fix: "Encrypt to a current key of this account's JWKS (`/v1/accounts/{account}/.well-known/jwks.json`); after a key rotation, have the IdP refetch that JWKS.",
  },
  TOKEN_EXPIRED: {
    status: 401,
    title: 'Token expired',
    when: '`exp` has passed (beyond the clock tolerance).',
    fix: 'Send the token right after login, and mint a fresh one for each login; check that the IdP and server clocks are in sync (NTP), or raise `clockToleranceSeconds` (at most 300).',
  },
  TOKEN_NOT_YET_VALID: {
    status: 401,
    title: 'Token not yet valid',
    when: '`nbf` is in the future.',
    fix: 'Sync the IdP clock (NTP), or raise the connector `clockToleranceSeconds` (at most 300) to absorb the skew.',
  },
  TOKEN_ISSUED_IN_FUTURE: {
    status: 401,
    title: 'Token issued in the future',
    when: '`iat` is in the future beyond the clock tolerance.',
    fix: 'Sync the IdP clock (NTP), or raise the connector `clockToleranceSeconds` (at most 300) to absorb the skew.',
  },
  TOKEN_TOO_OLD: {
    status: 401,
    title: 'Token too old',
    when: '`iat` is older than `maxTokenAgeSeconds`.',
    fix: 'Send a freshly issued token (re-authenticate at the IdP, or use silent renewal) instead of a cached one, or raise the connector `maxTokenAgeSeconds`.',
  },
  TOKEN_ISSUER_MISMATCH: {
    status: 401,
    title: 'Token issuer mismatch',
    when: "`iss` is not the connector's issuer.",
    fix: 'Set the connector `issuer` to exactly the `iss` your IdP puts in tokens, trailing slash and case included (`parley doctor` compares it with the discovery document; `parley token inspect` shows a token `iss`).',
  },
  TOKEN_AUDIENCE_MISMATCH: {
    status: 401,
    title: 'Token audience mismatch',
    when: "`aud` lacks the connector's `clientId` (an empty `aud` array included).",
    fix: 'Set the connector `clientId` to the client id the IdP puts in `aud`, and send an id_token issued to that client (not an access token for an API).',
  },
  TOKEN_AZP_MISMATCH: {
    status: 401,
    title: 'Token authorized party mismatch',
    when: '`azp` is present (or required by several audiences) and differs from `clientId`.',
    fix: 'Request the token as the client in the connector `clientId`; when the IdP adds other audiences, it must set `azp` to that client id.',
  },
  TOKEN_SUBJECT_MISSING: {
    status: 401,
    title: 'Token subject missing',
    when: 'No usable subject claim.',
    fix: 'Make the IdP include the claim named by the connector `subjectClaim` (default `sub`) as a non-empty string, or point `subjectClaim` at a claim it does include.',
  },
  TOKEN_SUBJECT_MISMATCH: {
    status: 401,
    title: 'UserInfo subject mismatch',
    when: 'With `userinfo: true`: the UserInfo response has no `sub`, or not the `sub` of the id_token (OpenID Connect Core §5.3.4).',
    fix: 'Fix the IdP UserInfo endpoint to return the `sub` of the id_token, or set the connector `userinfo: false` if it cannot.',
  },
  TOKEN_NONCE_MISMATCH: {
    status: 401,
    title: 'Token nonce mismatch',
    when: 'The popup flow nonce check failed.',
    fix: 'Complete the popup login that Parley started: do not reuse an id_token from another login, and make the IdP echo the `nonce` it received in the authorization request.',
  },
  TOKEN_REPLAYED: {
    status: 401,
    title: 'Token replayed',
    when: 'The same token (`jti`, or the hash of its signature without `jti`) was presented before; id_tokens and logout tokens share one namespace.',
    fix: 'Mint a fresh token per login; do not retry with the same one (a retry after a network error needs a new login). IdPs must give each token its own `jti`.',
  },
  CODE_EXCHANGE_FAILED: {
    status: 401,
    title: 'Authorization code exchange failed',
    when: "The brand's token endpoint refused the code.",
    fix: 'Check the connector `clientSecret` / `privateKey`, `tokenEndpointAuthMethod`, and that the `redirectUri` is registered at the IdP exactly as sent; exchange each code at once, codes expire within minutes.',
  },
  CODE_REPLAYED: {
    status: 401,
    title: 'Authorization code replayed',
    when: 'The authorization code was already used.',
    fix: 'Start a new login to obtain a new code: a code is exchanged once, so do not retry the same exchange.',
  },
  PKCE_TRANSACTION_UNKNOWN: {
    status: 401,
    title: 'PKCE transaction unknown',
    when: 'The PKCE transaction is unknown or already used.',
    fix: 'Start each login with a new PKCE transaction (`POST /v1/accounts/{account}/pkce`) and finish it once, on the same server cluster (a shared `storage` across nodes).',
  },
  PKCE_TRANSACTION_EXPIRED: {
    status: 401,
    title: 'PKCE transaction expired',
    when: 'The PKCE transaction is past its lifetime (10 minutes).',
    fix: 'Start a new PKCE transaction and finish the login within 10 minutes.',
  },
  STATE_INVALID: {
    status: 401,
    title: 'State invalid',
    when: 'The popup `state` is unknown, reused or expired, was started in another browser (no matching popup cookie), or the callback has no or another RFC 9207 `iss`.',
    fix: 'Open the popup from the page and finish it in the same browser, once, within its lifetime; keep the popup cookie (do not strip cookies on the callback) and let the IdP send its own `iss` (or none) on the callback.',
  },
  SESSION_INVALID: {
    status: 401,
    title: 'Session invalid',
    when: 'The Parley session token is bad, revoked or expired.',
    fix: 'Start a new session (anonymous or login) and use its `sessionToken`; tokens end at expiry (`sessionMaxSeconds`), at logout and at back-channel logout.',
  },
  AGENT_CREDENTIALS_INVALID: {
    status: 401,
    title: 'Agent credentials invalid',
    when: 'Agent login refused (the same answer for an unknown email and a wrong password).',
    fix: 'Check the email and password; operators set `agents[].passwordHash` with `parley agent hash-password`. Repeated failures are rate limited per email.',
  },
  AUTHENTICATION_REQUIRED: {
    status: 403,
    title: 'Authentication required',
    when: 'Anonymous access to an account with `requireAuthentication`.',
    fix: 'Log the consumer in with a brand connector before chatting, or set `accounts[].requireAuthentication` to `false` to allow anonymous chat.',
  },
  CONVERSATION_NOT_FOUND: {
    status: 404,
    title: 'Conversation not found',
    when: 'Unknown conversation, or one of another consumer or account.',
    fix: 'Use a conversation id returned to this session; after a login, read the conversations of the logged-in consumer, not those of another account.',
  },
  IDP_UNAVAILABLE: {
    status: 502,
    title: 'Identity provider unavailable',
    when: 'Discovery, JWKS or token endpoint unreachable, timed out, non-2xx, not JSON, too large, or refused by the IdP URL policy.',
    fix: 'Run `parley doctor`: it names the failing IdP URL. Make discovery, JWKS and token endpoint reachable over https from the server, and public (not a private address) unless `security.allowInsecureIdpUrls` (dev only); raise `idpTimeoutMs` for a slow IdP.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Rate limited',
    when: 'A per-IP or per-account limit was hit; `Retry-After` says when to retry.',
    fix: 'Wait `Retry-After` seconds before retrying, and back off; behind a proxy set `server.trustProxy` so each client counts separately, or raise `security.rateLimits`.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    title: 'Request too large',
    when: 'The request body is over 64 KB.',
    fix: 'Keep request bodies under 64 KB: send ids and tokens, not files; split long messages.',
  },
  CONNECTOR_NOT_FOUND: {
    status: 404,
    title: 'Connector not found',
    when: 'Unknown connector id.',
    fix: 'Use a `connectors[].id` of this account exactly as configured (`parley config check` lists problems in the file).',
  },
  CONSUMER_NOT_FOUND: {
    status: 404,
    title: 'Consumer not found',
    when: 'Admin API: unknown consumer.',
    fix: 'Use a consumer id of this account, as returned by the admin API lists.',
  },
  ADMIN_UNAUTHORIZED: {
    status: 401,
    title: 'Admin API key missing or wrong',
    when: 'An admin API request without `Authorization: Bearer`, with a wrong key, or while no `adminApiKey` is configured.',
    fix: 'Send `Authorization: Bearer <adminApiKey>` with the key of the server config `adminApiKey`; without `adminApiKey` the admin API is off.',
  },
} as const satisfies Record<string, ErrorEntry>;

/** A machine-readable error code from the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Every catalogue code, in catalogue order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** RFC 9457 problem details body, with Parley's `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
}
