import type { ConnectorConfig } from '../config/schema.ts';

/** One authorization code redemption at a brand token endpoint. */
export interface CodeExchangeInput {
  /** The account redeeming the code: its private encryption keys decrypt a JWE id_token. */
  accountId: string;
  connector: ConnectorConfig;
  code: string;
  /** The exact `redirect_uri` of the authorization request. */
  redirectUri: string;
  /** PKCE `code_verifier`, when the code was requested with a challenge. */
  codeVerifier?: string;
}

/** One UserInfo request (OpenID Connect Core §5.3) with the access token of a code exchange. */
export interface UserInfoRequest {
  accountId: string;
  connector: ConnectorConfig;
  /** The resolved UserInfo endpoint (config, else discovery). */
  endpoint: string;
  accessToken: string;
}

/** The UserInfo answer as received: a JSON object's text, or a signed/encrypted JWT. */
export type UserInfoAnswer = { kind: 'json'; body: string } | { kind: 'jwt'; token: string };

/**
 * Port: redeems an authorization code at the brand token endpoint (with the connector's client
 * authentication) and returns the raw id_token; core verifies it like an implicit-flow token.
 *
 * Implementations throw `ParleyError('CODE_EXCHANGE_FAILED')` when the IdP refuses (the RFC
 * 6749 `error` kept only as the private `cause`, never the code) or answers without an
 * id_token, and `ParleyError('IDP_UNAVAILABLE')` on timeout (`idpTimeoutMs`) or network failure.
 */
export interface CodeExchanger {
  /** The raw id_token, and the access token when the IdP issued one (for UserInfo). */
  exchange(input: CodeExchangeInput): Promise<{ idToken: string; accessToken?: string }>;
  /**
   * GET the UserInfo endpoint with the access token as a Bearer token, under the same limits
   * as the token request (SSRF guard, size cap, `idpTimeoutMs`, no redirects). A non-2xx
   * answer, a timeout or a network failure → `ParleyError('IDP_UNAVAILABLE')`.
   */
  fetchUserInfo(input: UserInfoRequest): Promise<UserInfoAnswer>;
}
