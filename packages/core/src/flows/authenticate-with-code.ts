import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import {
  assertFlowEnabled,
  checkAnonymousSession,
  completeLogin,
  type LoginResult,
} from './complete-login.ts';
import type { CodeFlowDeps } from './code-flow-deps.ts';
import { isValidCodeVerifier } from './pkce-crypto.ts';
import { redeemCode } from './redeem-code.ts';

/** `POST /authenticate` with a code (code flow, PKCE web or PKCE mobile). */
export interface AuthenticateWithCodeInput {
  code: string;
  redirectUri?: string;
  /** PKCE web: the transaction from `POST /pkce` (the verifier stays on Parley). */
  pkceTransaction?: string;
  /** PKCE mobile: the app-held RFC 7636 code_verifier. */
  codeVerifier?: string;
  connectorId?: string;
  anonymousSessionToken?: string;
}

/**
 * Code flow, PKCE web and PKCE mobile. In order, before anything is spent at the brand IdP:
 * request shape (`REQUEST_INVALID`: both PKCE inputs, a bad verifier), the connector and its
 * flow, the `redirectUri` (unregistered or missing → `REQUEST_INVALID`), the anonymous session
 * (`SESSION_INVALID`); then the PKCE transaction is taken (`PKCE_TRANSACTION_UNKNOWN` / `_EXPIRED`), the code
 * redeemed once (`CODE_REPLAYED`, `CODE_EXCHANGE_FAILED`, `IDP_UNAVAILABLE`), the id_token
 * verified and the login completed (step-up included).
 *
 * @example
 * ```ts
 * const result = await authenticateWithCode(deps, { code, redirectUri: 'https://brand/cb', pkceTransaction });
 * ```
 */
export async function authenticateWithCode(
  deps: CodeFlowDeps,
  input: AuthenticateWithCodeInput,
): Promise<LoginResult> {
  if (input.pkceTransaction !== undefined && input.codeVerifier !== undefined) {
    throw new ParleyError('REQUEST_INVALID', 'send at most one of "pkceTransaction" and "codeVerifier"');
  }
  if (input.codeVerifier !== undefined && !isValidCodeVerifier(input.codeVerifier)) {
    throw new ParleyError(
      'REQUEST_INVALID',
      '"codeVerifier" must be 43-128 characters of A-Z a-z 0-9 - . _ ~',
    );
  }
  if (input.code === '') throw new ParleyError('REQUEST_INVALID', '"code" must not be empty');
  const pkce = input.pkceTransaction !== undefined || input.codeVerifier !== undefined;
  const flow = pkce ? 'pkce' : 'code';
  const connector = deps.connectors.connectorForFlows([flow], input.connectorId);
  assertFlowEnabled(deps, connector.id, flow);
  const redirectUri = resolveRedirectUri(connector, input.redirectUri);
  const anonymous = await checkAnonymousSession(deps, input.anonymousSessionToken);
  const codeVerifier =
    input.pkceTransaction !== undefined
      ? await takeVerifier(deps, connector, input.pkceTransaction)
      : input.codeVerifier;
  const verified = await redeemCode(deps, connector, {
    code: input.code,
    redirectUri,
    ...(codeVerifier === undefined ? {} : { codeVerifier }),
  });
  return completeLogin(deps, verified, anonymous);
}

/** Exact match against `redirectUris`; optional only when exactly one is registered. */
function resolveRedirectUri(connector: ConnectorConfig, redirectUri: string | undefined): string {
  if (redirectUri === undefined) {
    const [only, ...more] = connector.redirectUris;
    if (only !== undefined && more.length === 0) return only;
    throw new ParleyError('REQUEST_INVALID', '"redirectUri" is required for this connector');
  }
  if (!connector.redirectUris.includes(redirectUri)) {
    throw new ParleyError('REQUEST_INVALID', '"redirectUri" is not registered for this connector');
  }
  return redirectUri;
}

async function takeVerifier(deps: CodeFlowDeps, connector: ConnectorConfig, id: string): Promise<string> {
  const record = await deps.pkce.take(deps.account.id, id);
  if (record === null || record.connectorId !== connector.id) {
    throw new ParleyError('PKCE_TRANSACTION_UNKNOWN', 'PKCE transaction unknown or already used');
  }
  if (record.expiresAt <= deps.clock.now()) {
    throw new ParleyError('PKCE_TRANSACTION_EXPIRED', 'PKCE transaction expired');
  }
  return record.codeVerifier;
}
