import type { ConnectorConfig, Flow } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import type { ReplayCache } from '../token/replay-cache.ts';
import type { CodeExchanger } from './code-exchanger.ts';
import type { IdpEndpointResolver } from './create-idp-endpoint-resolver.ts';
import type { IdTokenVerifierLike, LoginDeps } from './login-deps.ts';
import type { AnonymousRefStore } from './anonymous-ref-store.ts';
import type { PkceStore } from './pkce-store.ts';
import type { StateStore } from './state-store.ts';

/** What the code, PKCE and popup flows need on top of {@link LoginDeps}. */
export interface CodeFlowDeps extends LoginDeps {
  verifier: IdTokenVerifierLike;
  replay: ReplayCache;
  pkce: PkceStore;
  states: StateStore;
  /** Popup step-up references (`POST /authorize/anonymous-ref`). */
  anonymousRefs: AnonymousRefStore;
  exchanger: CodeExchanger;
  endpoints: IdpEndpointResolver;
}

/**
 * The connector a code-based request uses: the named one (unknown → `CONNECTOR_NOT_FOUND`),
 * else the account's first connector that enables one of `flows`, else its first connector
 * (whose flow check then answers `FLOW_NOT_ENABLED`).
 */
export function pickConnector(
  deps: Pick<LoginDeps, 'account'>,
  connectorId: string | undefined,
  flows: readonly Flow[],
): ConnectorConfig {
  const connectors = deps.account.connectors;
  if (connectorId !== undefined) {
    const named = connectors.find((c) => c.id === connectorId);
    if (!named) throw new ParleyError('CONNECTOR_NOT_FOUND', 'unknown connector');
    return named;
  }
  const connector = connectors.find((c) => c.flows.some((f) => flows.includes(f))) ?? connectors[0];
  if (!connector) throw new ParleyError('CONNECTOR_NOT_FOUND', 'the account has no connector');
  return connector;
}
