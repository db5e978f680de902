import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';
import { addUserInfoClaims } from './add-userinfo-claims.ts';
import type { CodeFlowDeps } from './code-flow-deps.ts';
import { sha256Base64url } from './pkce-crypto.ts';

/** How long a redeemed code is remembered (RFC 6749 §4.1.2 recommends ≤ 10 min code lifetime). */
export const CODE_REPLAY_WINDOW_MS = 10 * 60 * 1000;

/**
 * Shared middle of the code, PKCE and popup flows: refuses a code already presented
 * (`CODE_REPLAYED`, keyed by its SHA-256, never stored raw), redeems it at the brand token
 * endpoint, then verifies the returned id_token with the same verifier as the implicit flow
 * (nonce for the popup) and, with the connector's `userinfo`, adds the UserInfo claims
 * ({@link addUserInfoClaims}).
 */
export async function redeemCode(
  deps: Pick<CodeFlowDeps, 'account' | 'clock' | 'replay' | 'exchanger' | 'verifier' | 'endpoints'>,
  connector: ConnectorConfig,
  input: { code: string; redirectUri: string; codeVerifier?: string; nonce?: string },
): Promise<VerifiedIdToken> {
  const key = `code:${deps.account.id}:${connector.id}:${await sha256Base64url(input.code)}`;
  if (!(await deps.replay.remember(key, deps.clock.now() + CODE_REPLAY_WINDOW_MS))) {
    throw new ParleyError('CODE_REPLAYED', 'this authorization code was already used');
  }
  const { idToken, accessToken } = await deps.exchanger.exchange({
    accountId: deps.account.id,
    connector,
    code: input.code,
    redirectUri: input.redirectUri,
    ...(input.codeVerifier === undefined ? {} : { codeVerifier: input.codeVerifier }),
  });
  const verified = await deps.verifier.verify(idToken, {
    connectorId: connector.id,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
  });
  return addUserInfoClaims(deps, connector, verified, accessToken);
}
