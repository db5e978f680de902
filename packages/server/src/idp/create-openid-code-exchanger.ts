import * as client from 'openid-client';
import {
  ParleyError,
  idpUrlProblem,
  isParleyError,
  type CodeExchanger,
  type ConnectorConfig,
  type IdpEndpointResolver,
} from '@parley/core';
import { loadClientPrivateKey } from './load-client-private-key.ts';

/** Options of {@link createOpenidCodeExchanger}. */
export interface OpenidCodeExchangerOptions {
  /** Token endpoint from config, else discovery. */
  endpoints: IdpEndpointResolver;
  /** `security.allowInsecureIdpUrls`: permits http:// token endpoints (dev/test only). */
  allowInsecureIdpUrls: boolean;
  /** The fetch used for token requests (tests count calls); default global fetch. */
  fetch?: typeof fetch;
}

/**
 * The server's {@link CodeExchanger} on openid-client v6: `authorization_code` grant at the
 * connector's token endpoint with its `tokenEndpointAuthMethod` (`client_secret_basic`,
 * `client_secret_post`, `private_key_jwt` with `privateKey`, `none`), PKCE `code_verifier`
 * when given, no redirects, `idpTimeoutMs` per call. openid-client checks the response shape
 * and the id_token claims; Parley's verifier still verifies the raw id_token afterwards.
 *
 * Errors: an OAuth error answer (`invalid_grant`, ...) or an unusable response →
 * `CODE_EXCHANGE_FAILED` with `"invalid_grant (HTTP 400)"` as private `cause` (never the code);
 * timeout, network failure or a 5xx → `IDP_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const exchanger = createOpenidCodeExchanger({ endpoints, allowInsecureIdpUrls: false });
 * const { idToken } = await exchanger.exchange({ connector, code, redirectUri });
 * ```
 */
export function createOpenidCodeExchanger(options: OpenidCodeExchangerOptions): CodeExchanger {
  const auths = new Map<string, Promise<client.ClientAuth>>();
  const authFor = (connector: ConnectorConfig) => {
    let auth = auths.get(connector.id);
    if (!auth) {
      auth = clientAuth(connector);
      auths.set(connector.id, auth);
    }
    return auth;
  };

  return {
    async exchange({ connector, code, redirectUri, codeVerifier }) {
      const { tokenEndpoint } = await options.endpoints.resolve(connector);
      if (tokenEndpoint === undefined) {
        throw new ParleyError('FLOW_NOT_ENABLED', `connector "${connector.id}" has no token endpoint`);
      }
      const origin = new URL(tokenEndpoint).origin;
      const problem = idpUrlProblem(tokenEndpoint, options.allowInsecureIdpUrls);
      if (problem) throw new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} refused: ${problem}`);
      const config = new client.Configuration(
        {
          issuer: connector.issuer,
          token_endpoint: tokenEndpoint,
          id_token_signing_alg_values_supported: [...connector.allowedAlgorithms],
        },
        connector.clientId,
        connector.clientSecret === undefined ? {} : { client_secret: connector.clientSecret },
        await authFor(connector),
      );
      if (options.allowInsecureIdpUrls) client.allowInsecureRequests(config);
      config[client.customFetch] = timedFetch(options.fetch ?? fetch, connector.idpTimeoutMs, origin);
      const params: Record<string, string> = { code, redirect_uri: redirectUri };
      if (codeVerifier !== undefined) params.code_verifier = codeVerifier;
      let tokens: Awaited<ReturnType<typeof client.genericGrantRequest>>;
      try {
        tokens = await client.genericGrantRequest(config, 'authorization_code', params);
      } catch (err) {
        throw toParleyError(err, origin);
      }
      if (typeof tokens.id_token !== 'string' || tokens.id_token === '') {
        throw new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint answered without an id_token');
      }
      return { idToken: tokens.id_token };
    },
  };
}

async function clientAuth(connector: ConnectorConfig): Promise<client.ClientAuth> {
  switch (connector.tokenEndpointAuthMethod) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(connector.clientSecret);
    case 'client_secret_post':
      return client.ClientSecretPost(connector.clientSecret);
    case 'private_key_jwt': {
      const { key, kid } = await loadClientPrivateKey(connector);
      return client.PrivateKeyJwt({ key, kid });
    }
    case 'none':
      return client.None();
  }
}

/** fetch with the connector timeout (on top of openid-client's own signal) and no redirects. */
function timedFetch(base: typeof fetch, timeoutMs: number, origin: string): client.CustomFetch {
  return async (url, init) => {
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])]);
    try {
      return await base(url, { ...init, signal, redirect: 'error' } as RequestInit);
    } catch (err) {
      const timedOut =
        err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new ParleyError(
        'IDP_UNAVAILABLE',
        timedOut
          ? `token endpoint ${origin} did not answer within ${timeoutMs} ms`
          : `token endpoint ${origin} is unreachable`,
        { cause: err },
      );
    }
  };
}

/** Maps an openid-client failure; the code itself is never part of the detail or cause. */
function toParleyError(err: unknown, origin: string): ParleyError {
  for (
    let e: unknown = err, depth = 0;
    e !== undefined && e !== null && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (isParleyError(e)) return e;
  }
  if (err instanceof client.ResponseBodyError) {
    const cause = `${err.error} (HTTP ${err.status})`;
    if (err.status >= 500) {
      return new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} answered HTTP ${err.status}`, {
        cause,
      });
    }
    return new ParleyError('CODE_EXCHANGE_FAILED', 'the identity provider refused the authorization code', {
      cause,
    });
  }
  const status = (err as { cause?: { status?: unknown } }).cause?.status;
  if (typeof status === 'number' && status >= 500) {
    return new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} answered HTTP ${status}`);
  }
  const code = (err as { code?: unknown }).code;
  return new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint response was not usable', {
    cause: `${typeof code === 'string' ? code : 'invalid_response'}: ${(err as Error).message}`,
  });
}
