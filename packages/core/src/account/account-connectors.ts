import type { AccountConfig, ConnectorConfig, Flow } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';

/**
 * Every rule that chooses a connector of one account. Derived from the account config value
 * (build a new one when the account changes), so nothing can outlive the connectors it indexes.
 */
export interface AccountConnectors {
  /** The connector of `id`, or undefined (for lookups that tolerate a missing connector). */
  findById(id: string): ConnectorConfig | undefined;
  /** The connector of `id`; unknown → `CONNECTOR_NOT_FOUND` with `message`. */
  connectorById(id: string, message?: string): ConnectorConfig;
  /**
   * The connector a token is verified against: the explicit `connectorId`; else the connector
   * whose `issuer` equals the (still unverified) `iss` (several: the one whose `clientId` is in
   * `aud`, else the first); else the account's only connector (its claim check then reports the
   * issuer mismatch after the signature check).
   *
   * @throws ParleyError `CONNECTOR_NOT_FOUND` (unknown id, or an account without connectors) or
   * `TOKEN_ISSUER_MISMATCH` (several connectors, none for this `iss`).
   */
  connectorForToken(payload: Record<string, unknown>, connectorId?: string): ConnectorConfig;
  /**
   * The connector a code-based request uses: the named one (unknown → `CONNECTOR_NOT_FOUND`),
   * else the account's first connector that enables one of `flows`, else its first connector
   * (whose flow check then answers `FLOW_NOT_ENABLED`).
   */
  connectorForFlows(flows: readonly Flow[], connectorId?: string): ConnectorConfig;
  /** The first connector of a consumer's `issuer`, or undefined (anonymous, or no such connector). */
  connectorForIssuer(issuer: string | null): ConnectorConfig | undefined;
}

/**
 * Indexes the connectors of `account` once (by id and by issuer, in configured order) for the
 * lookups of every request.
 *
 * @example
 * ```ts
 * const connectors = createAccountConnectors(account);
 * const connector = connectors.connectorForFlows(['pkce'], input.connectorId);
 * ```
 */
export function createAccountConnectors(account: AccountConfig): AccountConnectors {
  const all = [...account.connectors];
  const byId = new Map<string, ConnectorConfig>();
  const byIssuer = new Map<string, ConnectorConfig[]>();
  for (const connector of all) {
    if (!byId.has(connector.id)) byId.set(connector.id, connector);
    const sameIssuer = byIssuer.get(connector.issuer);
    if (sameIssuer) sameIssuer.push(connector);
    else byIssuer.set(connector.issuer, [connector]);
  }

  const connectorById = (id: string, message = 'unknown connector'): ConnectorConfig => {
    const connector = byId.get(id);
    if (connector === undefined) throw new ParleyError('CONNECTOR_NOT_FOUND', message);
    return connector;
  };
  const first = (): ConnectorConfig => {
    const connector = all[0];
    if (connector === undefined) throw new ParleyError('CONNECTOR_NOT_FOUND', 'the account has no connector');
    return connector;
  };

  return {
    findById: (id) => byId.get(id),
    connectorById,
    connectorForToken(payload, connectorId) {
      if (connectorId !== undefined) return connectorById(connectorId, 'unknown connector id');
      const fallback = first(); // an account without connectors fails here
      const sameIssuer = typeof payload.iss === 'string' ? byIssuer.get(payload.iss) : undefined;
      if (sameIssuer !== undefined) return byAudience(sameIssuer, payload.aud);
      if (all.length === 1) return fallback;
      throw issuerMismatch(all);
    },
    connectorForFlows(flows, connectorId) {
      if (connectorId !== undefined) return connectorById(connectorId);
      return all.find((c) => c.flows.some((f) => flows.includes(f))) ?? first();
    },
    connectorForIssuer: (issuer) => (issuer === null ? undefined : byIssuer.get(issuer)?.[0]),
  };
}

/** Of connectors sharing an issuer, the one whose `clientId` is in `aud`, else the first. */
function byAudience(sameIssuer: ConnectorConfig[], aud: unknown): ConnectorConfig {
  const audience = Array.isArray(aud) ? aud : [aud];
  return sameIssuer.find((c) => audience.includes(c.clientId)) ?? sameIssuer[0]!;
}

function issuerMismatch(all: readonly ConnectorConfig[]): ParleyError {
  const issuers = all.map((c) => `"${c.id}": ${JSON.stringify(c.issuer)}`).join(', ');
  return new ParleyError(
    'TOKEN_ISSUER_MISMATCH',
    `no connector of the account has the token "iss" (connector issuers: ${issuers})`,
  );
}
