import type { AccountConfig, ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';

/**
 * Chooses the connector a token is verified against: the explicit `connectorId`; else the
 * connector whose `issuer` equals the (still unverified) `iss` (several: the one whose
 * `clientId` is in `aud`, else the first); else the account's only connector (its claim check
 * then reports the issuer mismatch after the signature check).
 *
 * @throws ParleyError `CONNECTOR_NOT_FOUND` (unknown id, or an account without connectors) or
 * `TOKEN_ISSUER_MISMATCH` (several connectors, none for this `iss`).
 */
export function selectConnector(
  account: AccountConfig,
  payload: Record<string, unknown>,
  connectorId?: string,
): ConnectorConfig {
  if (connectorId !== undefined) {
    const named = account.connectors.find((c) => c.id === connectorId);
    if (named === undefined) throw new ParleyError('CONNECTOR_NOT_FOUND', 'unknown connector id');
    return named;
  }
  if (account.connectors.length === 0)
    throw new ParleyError('CONNECTOR_NOT_FOUND', 'the account has no connector');
  const byIssuer = account.connectors.filter((c) => c.issuer === payload.iss);
  if (byIssuer.length > 1) {
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return byIssuer.find((c) => aud.includes(c.clientId)) ?? byIssuer[0]!;
  }
  if (byIssuer.length === 1) return byIssuer[0]!;
  if (account.connectors.length === 1) return account.connectors[0]!;
  const issuers = account.connectors.map((c) => `"${c.id}": ${JSON.stringify(c.issuer)}`).join(', ');
  throw new ParleyError(
    'TOKEN_ISSUER_MISMATCH',
    `no connector of the account has the token "iss" (connector issuers: ${issuers})`,
  );
}
