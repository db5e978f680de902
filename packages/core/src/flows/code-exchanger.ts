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

/**
 * Port: redeems an authorization code at the brand token endpoint (with the connector's client
 * authentication) and returns the raw id_token; core verifies it like an implicit-flow token.
 *
 * Implementations throw `ParleyError('CODE_EXCHANGE_FAILED')` when the IdP refuses (the RFC
 * 6749 `error` kept only as the private `cause`, never the code) or answers without an
 * id_token, and `ParleyError('IDP_UNAVAILABLE')` on timeout (`idpTimeoutMs`) or network failure.
 */
export interface CodeExchanger {
  exchange(input: CodeExchangeInput): Promise<{ idToken: string }>;
}
