import * as oauth from 'oauth4webapi';
import {
  ParleyError,
  idpUrlProblem,
  type CodeExchanger,
  type ConnectorConfig,
  type IdpEndpointResolver,
} from '@parley/core';
import { loadClientPrivateKey } from './load-client-private-key.ts';
import { readTokenResponse } from './read-token-response.ts';

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
 * The server's {@link CodeExchanger}: `authorization_code` grant at the connector's token
 * endpoint with its `tokenEndpointAuthMethod` (`client_secret_basic`, `client_secret_post`,
 * `private_key_jwt` with `privateKey`, `none`), PKCE `code_verifier` when given, no redirects,
 * `idpTimeoutMs` per call. The request is built by oauth4webapi (the OAuth core of
 * openid-client v6); the answer is read here and its raw `id_token` handed back untouched, so
 * Parley's one verifier checks it like an implicit-flow token: a JWS, or a JWE the brand
 * encrypted to the account's published key (openid-client would refuse a JWE without holding
 * the account's private keys, and would check the claims a second, weaker way).
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
  const auths = new Map<string, Promise<oauth.ClientAuth>>();
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
      const params: Record<string, string> = { code, redirect_uri: redirectUri };
      if (codeVerifier !== undefined) params.code_verifier = codeVerifier;
      const response = await oauth.genericTokenEndpointRequest(
        { issuer: connector.issuer, token_endpoint: tokenEndpoint },
        { client_id: connector.clientId },
        await authFor(connector),
        'authorization_code',
        params,
        {
          [oauth.customFetch]: timedFetch(options.fetch ?? fetch, connector.idpTimeoutMs, origin),
          [oauth.allowInsecureRequests]: options.allowInsecureIdpUrls,
        },
      );
      return { idToken: await readTokenResponse(response, origin) };
    },
  };
}

async function clientAuth(connector: ConnectorConfig): Promise<oauth.ClientAuth> {
  switch (connector.tokenEndpointAuthMethod) {
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(clientSecretOf(connector));
    case 'client_secret_post':
      return oauth.ClientSecretPost(clientSecretOf(connector));
    case 'private_key_jwt': {
      const { key, kid } = await loadClientPrivateKey(connector);
      return oauth.PrivateKeyJwt({ key, kid });
    }
    case 'none':
      return oauth.None();
  }
}

function clientSecretOf(connector: ConnectorConfig): string {
  if (connector.clientSecret === undefined) {
    throw new TypeError(
      `connector ${connector.id}: ${connector.tokenEndpointAuthMethod} needs "clientSecret"`,
    );
  }
  return connector.clientSecret;
}

/** fetch with the connector timeout (on top of any caller signal) and no redirects. */
function timedFetch(
  base: typeof fetch,
  timeoutMs: number,
  origin: string,
): NonNullable<oauth.HttpRequestOptions<'POST', URLSearchParams>[typeof oauth.customFetch]> {
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
