import type {
  AnonymousRefResponse,
  AuthenticateRequest,
  AuthenticatedSessionResponse,
  ConsumerHistoryResponse,
  ErrorCode,
  PkceResponse,
  SessionResponse,
} from '@parley/protocol';
import { ParleyClientError } from './errors.ts';
import type { SessionInfo } from './types.ts';

/** The consumer HTTP API of one account (docs/realtime.md, docs/guides). */
export interface HttpApi {
  anonymous(): Promise<SessionInfo>;
  authenticate(body: AuthenticateRequest): Promise<SessionInfo>;
  pkce(connector?: string): Promise<PkceResponse>;
  logout(sessionToken: string): Promise<void>;
  history(sessionToken: string): Promise<ConsumerHistoryResponse>;
  /** A one-time, two-minute reference to an anonymous session, for the popup's `/authorize`. */
  anonymousRef(sessionToken: string): Promise<string>;
}

/** `https://host/base` + `/v1/accounts/{account}`, without a doubled slash. */
export function accountUrl(platformUrl: string, account: string): string {
  return `${platformUrl.replace(/\/+$/, '')}/v1/accounts/${encodeURIComponent(account)}`;
}

export function toSessionInfo(body: SessionResponse | AuthenticatedSessionResponse): SessionInfo {
  const displayName = 'consumer' in body ? body.consumer.displayName : undefined;
  return {
    consumerId: body.consumerId,
    sessionToken: body.sessionToken,
    expiresAt: body.expiresAt,
    authenticated: body.authenticated,
    ...(displayName === undefined ? {} : { displayName }),
  };
}

/** The problem+json `code` of a failed answer, as a client error (never the body's detail). */
async function failure(res: Response): Promise<ParleyClientError> {
  let code: string | undefined;
  try {
    code = ((await res.json()) as { code?: string }).code;
  } catch {
    // not problem+json: a proxy or an outage page
  }
  return typeof code === 'string'
    ? new ParleyClientError(code as ErrorCode, `Parley answered ${res.status} ${code}`, res.status)
    : new ParleyClientError('NETWORK_ERROR', `Parley answered ${res.status}`, res.status);
}

/**
 * @example
 * ```ts
 * const api = createHttpApi(fetch, 'https://parley.example', 'acme');
 * const session = await api.anonymous();
 * ```
 */
export function createHttpApi(fetchFn: typeof fetch, platformUrl: string, account: string): HttpApi {
  const base = accountUrl(platformUrl, account);

  async function call(
    path: string,
    init: { body?: unknown; token?: string; method?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    let res: Response;
    try {
      res = await fetchFn(`${base}/${path}`, {
        method: init.method ?? 'POST',
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    } catch {
      throw new ParleyClientError('NETWORK_ERROR', `could not reach Parley (${path})`);
    }
    if (!res.ok) throw await failure(res);
    return res;
  }

  return {
    anonymous: async () =>
      toSessionInfo((await (await call('anonymous', { body: {} })).json()) as SessionResponse),
    authenticate: async (body) =>
      toSessionInfo((await (await call('authenticate', { body })).json()) as AuthenticatedSessionResponse),
    pkce: async (connector) =>
      (await (
        await call('pkce', { body: connector === undefined ? {} : { connector } })
      ).json()) as PkceResponse,
    logout: async (token) => void (await call('logout', { token })),
    history: async (token) =>
      (await (
        await call('consumer/conversations', { token, method: 'GET' })
      ).json()) as ConsumerHistoryResponse,
    anonymousRef: async (token) =>
      ((await (await call('authorize/anonymous-ref', { token })).json()) as AnonymousRefResponse)
        .anonymousRef,
  };
}
