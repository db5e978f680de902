import { isoFromEpochSeconds } from '../clock.ts';
import { ParleyError } from '../errors.ts';
import type { LoginDeps } from './login-deps.ts';
import { randomToken, s256Challenge } from './pkce-crypto.ts';
import { ONE_TIME_RECORD_TTL_MS, type PkceStore } from './pkce-store.ts';

/** `POST /pkce` answer (docs/protocol.md). */
export interface PkceTransactionResult {
  transaction: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  /** ISO 8601 UTC. */
  expiresAt: string;
}

/**
 * Web PKCE: creates a single-use transaction holding a fresh code_verifier (kept by Parley)
 * and returns its S256 challenge for the brand page's authorization request. Lifetime 10 min.
 *
 * @throws ParleyError `CONNECTOR_NOT_FOUND`, or `FLOW_NOT_ENABLED` when the connector has no `pkce`.
 */
export async function createPkceTransaction(
  deps: LoginDeps & { pkce: PkceStore },
  input: { connectorId?: string } = {},
): Promise<PkceTransactionResult> {
  const connector = deps.connectors.connectorForFlows(['pkce'], input.connectorId);
  if (!connector.flows.includes('pkce')) {
    throw new ParleyError('FLOW_NOT_ENABLED', `flow "pkce" is not enabled for connector "${connector.id}"`);
  }
  const codeVerifier = randomToken(32);
  const now = deps.clock.now();
  const expiresAt = now + ONE_TIME_RECORD_TTL_MS;
  const id = randomToken(24);
  await deps.pkce.put({
    id,
    accountId: deps.account.id,
    connectorId: connector.id,
    codeVerifier,
    createdAt: now,
    expiresAt,
  });
  return {
    transaction: id,
    codeChallenge: await s256Challenge(codeVerifier),
    codeChallengeMethod: 'S256',
    expiresAt: isoFromEpochSeconds(Math.floor(expiresAt / 1000)),
  };
}
