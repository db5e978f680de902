import type { Clock } from '../clock.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import type { IdpHttp } from '../token/idp-http.ts';

/** The brand endpoints a code/popup flow needs. */
export interface IdpEndpoints {
  authorizationEndpoint: string | undefined;
  tokenEndpoint: string | undefined;
  /** Resolved only for connectors with `userinfo: true`. */
  userinfoEndpoint?: string | undefined;
  /**
   * The discovery document's `authorization_response_iss_parameter_supported` (RFC 9207):
   * authorization responses must then carry `iss`. False without discovery.
   */
  issParameterSupported: boolean;
}

/** Resolves a connector's endpoints: explicit config wins, else its discovery document. */
export interface IdpEndpointResolver {
  resolve(connector: ConnectorConfig): Promise<IdpEndpoints>;
}

interface CacheEntry {
  at: number;
  doc: Promise<Record<string, unknown>>;
}

/**
 * Creates an endpoint resolver. `authorizationEndpoint` / `tokenEndpoint` (and, with
 * `userinfo: true`, `userinfoEndpoint`) from the connector config win; a missing one is read
 * from the discovery document at `discoveryUrl`, fetched
 * through the {@link IdpHttp} port (timeout, URL policy) and cached `jwksCacheSeconds`
 * per connector (a failed fetch is not cached).
 *
 * @throws ParleyError `IDP_UNAVAILABLE` when discovery is needed and fails, or names an
 * issuer other than the connector's.
 * @example
 * ```ts
 * const resolver = createIdpEndpointResolver({ idpHttp, clock: systemClock });
 * const { tokenEndpoint } = await resolver.resolve(connector);
 * ```
 */
export function createIdpEndpointResolver(deps: { idpHttp: IdpHttp; clock: Clock }): IdpEndpointResolver {
  const cache = new Map<string, CacheEntry>();

  const discover = (connector: ConnectorConfig, url: string): Promise<Record<string, unknown>> => {
    const key = `${connector.id}\n${url}`;
    const hit = cache.get(key);
    if (hit && deps.clock.now() - hit.at < connector.jwksCacheSeconds * 1000) return hit.doc;
    const doc = deps.idpHttp.getJson(url, { timeoutMs: connector.idpTimeoutMs }).then((raw) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ParleyError(
          'IDP_UNAVAILABLE',
          `connector ${connector.id}: the discovery document is not a JSON object`,
        );
      }
      const body = raw as Record<string, unknown>;
      if (body.issuer !== undefined && body.issuer !== connector.issuer) {
        throw new ParleyError(
          'IDP_UNAVAILABLE',
          `connector ${connector.id}: the discovery document names another issuer`,
        );
      }
      return body;
    });
    cache.set(key, { at: deps.clock.now(), doc });
    doc.catch(() => cache.delete(key));
    return doc;
  };

  return {
    async resolve(connector) {
      let authorizationEndpoint = connector.authorizationEndpoint;
      let tokenEndpoint = connector.tokenEndpoint;
      let userinfoEndpoint = connector.userinfo ? connector.userinfoEndpoint : undefined;
      let issParameterSupported = false;
      const missing =
        authorizationEndpoint === undefined ||
        tokenEndpoint === undefined ||
        (connector.userinfo && userinfoEndpoint === undefined);
      if (missing && connector.discoveryUrl !== undefined) {
        const doc = await discover(connector, connector.discoveryUrl);
        authorizationEndpoint ??= stringOrUndefined(doc.authorization_endpoint);
        tokenEndpoint ??= stringOrUndefined(doc.token_endpoint);
        if (connector.userinfo) userinfoEndpoint ??= stringOrUndefined(doc.userinfo_endpoint);
        issParameterSupported = doc.authorization_response_iss_parameter_supported === true;
      }
      return { authorizationEndpoint, tokenEndpoint, userinfoEndpoint, issParameterSupported };
    },
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
