import { AsyncLocalStorage } from 'node:async_hooks';
import * as client from 'openid-client';
import {
  ParleyError,
  idpUrlProblem,
  isParleyError,
  type Clock,
  type CodeExchanger,
  type ConnectorConfig,
  type IdpEndpointResolver,
  type KeyStore,
} from '@parley/core';
import { buildOpenidConfiguration } from './build-openid-configuration.ts';
import { fetchUserInfo } from './fetch-user-info.ts';
import { idpCallSignal } from './idp-deadline.ts';
import { readTokenResponse } from './read-token-response.ts';

/** Options of {@link createOpenidCodeExchanger}. */
export interface OpenidCodeExchangerOptions {
  /** Token endpoint from config, else discovery. */
  endpoints: IdpEndpointResolver;
  /** `security.allowInsecureIdpUrls`: permits http:// token endpoints (dev/test only). */
  allowInsecureIdpUrls: boolean;
  /** The accounts' encryption keys: openid-client decrypts JWE id_tokens with them. */
  keyStore: KeyStore;
  clock: Clock;
  /** The fetch used for token and UserInfo requests (tests count calls); default global fetch. */
  fetch?: typeof fetch;
}

/**
 * The token endpoint answer of one grant (the fetch is shared per Configuration), as a maker of
 * unread copies: one is built only when openid-client refuses the answer.
 */
interface Answer {
  copy?: () => Response;
}

/**
 * The server's {@link CodeExchanger} on openid-client v6: `authorization_code` grant at the
 * connector's token endpoint with its `tokenEndpointAuthMethod` (`client_secret_basic`,
 * `client_secret_post`, `private_key_jwt` with `privateKey`, `none`), PKCE `code_verifier`
 * when given, no redirects, `idpTimeoutMs` per call. One openid-client `Configuration` per
 * (account, connector, token endpoint), holding the account's decryption keys unless the
 * connector's `encryption` is `disabled`.
 *
 * The raw `id_token` of the answer (a JWS, or the JWE as received) goes to Parley's one
 * verifier, which owns every token rule and its catalogue code. openid-client's own id_token
 * checks are therefore not final: when it refuses a token endpoint answer for any reason but
 * an OAuth error, the raw answer is read again by {@link readTokenResponse}, so an expired
 * id_token is still `TOKEN_EXPIRED` and a JWE on an `encryption: disabled` connector still
 * `TOKEN_DECRYPTION_FAILED`, exactly as for an implicit-flow token.
 *
 * `fetchUserInfo` reads the UserInfo endpoint over the same fetch ({@link fetchUserInfo}).
 *
 * Errors: an OAuth error answer (`invalid_grant`, ...) or an answer without id_token →
 * `CODE_EXCHANGE_FAILED` with `"invalid_grant (HTTP 400)"` as private `cause` (never the code);
 * timeout, network failure or a 5xx → `IDP_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const exchanger = createOpenidCodeExchanger({ endpoints, allowInsecureIdpUrls: false, keyStore, clock });
 * const { idToken } = await exchanger.exchange({ accountId, connector, code, redirectUri });
 * ```
 */
export function createOpenidCodeExchanger(options: OpenidCodeExchangerOptions): CodeExchanger {
  const answers = new AsyncLocalStorage<Answer>();
  const configs = new Map<string, Promise<client.Configuration>>();
  const configFor = (accountId: string, connector: ConnectorConfig, tokenEndpoint: string) => {
    const key = `${accountId}\n${connector.id}\n${tokenEndpoint}`;
    let config = configs.get(key);
    if (!config) {
      const origin = new URL(tokenEndpoint).origin;
      config = buildOpenidConfiguration({
        accountId,
        connector,
        tokenEndpoint,
        fetch: tokenEndpointFetch(answers, options.fetch ?? fetch, connector.idpTimeoutMs, origin),
        allowInsecureIdpUrls: options.allowInsecureIdpUrls,
        keyStore: options.keyStore,
        clock: options.clock,
      });
      config.catch(() => configs.delete(key)); // a key store failure is retried on the next code
      configs.set(key, config);
    }
    return config;
  };

  return {
    async exchange({ accountId, connector, code, redirectUri, codeVerifier }) {
      const { tokenEndpoint } = await options.endpoints.resolve(connector);
      if (tokenEndpoint === undefined) {
        throw new ParleyError('FLOW_NOT_ENABLED', `connector "${connector.id}" has no token endpoint`);
      }
      const origin = new URL(tokenEndpoint).origin;
      const problem = idpUrlProblem(tokenEndpoint, options.allowInsecureIdpUrls);
      if (problem) throw new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} refused: ${problem}`);
      const config = await configFor(accountId, connector, tokenEndpoint);
      const params: Record<string, string> = { code, redirect_uri: redirectUri };
      if (codeVerifier !== undefined) params.code_verifier = codeVerifier;
      const answer: Answer = {};
      let tokens: Awaited<ReturnType<typeof client.genericGrantRequest>>;
      try {
        tokens = await answers.run(answer, () =>
          client.genericGrantRequest(config, 'authorization_code', params),
        );
      } catch (err) {
        return { idToken: await afterRefusal(err, answer.copy?.(), origin) };
      }
      if (typeof tokens.id_token !== 'string' || tokens.id_token === '') {
        throw new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint answered without an id_token');
      }
      return { idToken: tokens.id_token, accessToken: tokens.access_token };
    },
    fetchUserInfo: (input) => fetchUserInfo(options.fetch ?? fetch, options.allowInsecureIdpUrls, input),
  };
}

/**
 * After openid-client refused: a Parley error (timeout, network) stands; an OAuth error answer
 * is mapped; any other refusal of an answer is decided by the raw answer, whose id_token, if
 * any, Parley's verifier then checks. The code itself is never part of a detail or cause.
 */
async function afterRefusal(err: unknown, response: Response | undefined, origin: string): Promise<string> {
  const parley = parleyErrorIn(err);
  if (parley) throw parley;
  if (err instanceof client.ResponseBodyError) {
    const cause = `${err.error} (HTTP ${err.status})`;
    if (err.status >= 500) {
      throw new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} answered HTTP ${err.status}`, {
        cause,
      });
    }
    throw new ParleyError('CODE_EXCHANGE_FAILED', 'the identity provider refused the authorization code', {
      cause,
    });
  }
  if (response === undefined) throw err; // no answer: a local failure (client key, config), not the IdP's
  return readTokenResponse(response, origin);
}

/** The ParleyError our fetch threw, however deep openid-client wrapped it. */
function parleyErrorIn(err: unknown): ParleyError | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (isParleyError(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Statuses whose Response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * fetch for one connector's token endpoint: the connector timeout (on top of openid-client's
 * own signal; within a login, the login's one IdP deadline) over the whole answer, body
 * included, and no redirects. The answer is read in
 * full (the guarded fetch caps its size); openid-client gets one copy, and the grant running in
 * `answers` can make another if openid-client refuses it.
 */
function tokenEndpointFetch(
  answers: AsyncLocalStorage<Answer>,
  base: typeof fetch,
  timeoutMs: number,
  origin: string,
): client.CustomFetch {
  return async (url, init) => {
    const signal = AbortSignal.any([idpCallSignal(timeoutMs), ...(init.signal ? [init.signal] : [])]);
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await base(url, { ...init, signal, redirect: 'error' } as RequestInit);
      body = await response.arrayBuffer();
    } catch (err) {
      const guard = parleyErrorIn(err); // the SSRF guard's refusal says more than "unreachable"
      if (guard) throw guard;
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
    const { status, statusText, headers } = response;
    const copy = () =>
      new Response(NULL_BODY_STATUSES.has(status) ? null : body.slice(0), { status, statusText, headers });
    const answer = answers.getStore();
    if (answer) answer.copy = copy;
    return copy();
  };
}
