import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** Redirect URI registered for both harness clients. */
export const TEST_IDP_REDIRECT_URI = 'https://brand.example/chat-callback';
/** The implicit client: `response_types: ['id_token']`, `token_endpoint_auth_method: 'none'`. */
export const TEST_IDP_IMPLICIT_CLIENT = 'parley-implicit';
/** The code client: `response_types: ['code', 'id_token']`, `client_secret_basic`. */
export const TEST_IDP_CODE_CLIENT = {
  clientId: 'parley-code',
  clientSecret: 'parley-code-secret-0123456789abcdef',
};

/** Options of {@link startTestIdp}. */
export interface TestIdpOptions {
  /** Extra redirect URIs registered for both clients (e.g. Parley's popup callback). */
  redirectUris?: string[];
  /** id_token signing algorithm of the provider key (default RS256). */
  signingAlg?: 'RS256' | 'PS256' | 'ES256';
  /** id_token lifetime in seconds (default 3600). */
  idTokenTtlSeconds?: number;
}

/** A running oidc-provider. */
export interface TestIdp {
  /** `http://127.0.0.1:{port}`, also the issuer. */
  issuer: string;
  url: string;
  discoveryUrl: string;
  provider: Provider;
  /** Public JWK of the provider's id_token signing key. */
  signingJwk: JWK;
  close(): Promise<void>;
  /** Drives /auth with `response_type=id_token` and the dev login/consent forms; returns the id_token. */
  obtainIdTokenImplicit(input: {
    nonce: string;
    login?: string;
    clientId?: string;
    redirectUri?: string;
  }): Promise<string>;
  /** Drives /auth with `response_type=code` (+ optional PKCE); returns the authorization code. */
  obtainAuthorizationCode(input?: {
    login?: string;
    nonce?: string;
    state?: string;
    codeChallenge?: string;
    clientId?: string;
    redirectUri?: string;
  }): Promise<{ code: string; redirectUri: string; state?: string }>;
}

/**
 * Starts a real oidc-provider v8 in-process on 127.0.0.1 (ephemeral port, plain http) with
 * devInteractions and two clients (see {@link TEST_IDP_IMPLICIT_CLIENT},
 * {@link TEST_IDP_CODE_CLIENT}). The login form accepts any login, which becomes `sub`.
 *
 * @example
 * ```ts
 * const idp = await startTestIdp();
 * const idToken = await idp.obtainIdTokenImplicit({ nonce: 'n-1', login: 'alice' });
 * await idp.close();
 * ```
 */
export async function startTestIdp(options: TestIdpOptions = {}): Promise<TestIdp> {
  const app: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer((req, res) =>
    app.handle ? app.handle(req, res) : res.writeHead(503).end(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const alg = options.signingAlg ?? 'RS256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `idp-${alg.toLowerCase()}`;
  const redirectUris = [TEST_IDP_REDIRECT_URI, ...(options.redirectUris ?? [])];
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid, alg, use: 'sig' }] },
    clients: [
      {
        client_id: TEST_IDP_IMPLICIT_CLIENT,
        response_types: ['id_token'],
        grant_types: ['implicit'],
        token_endpoint_auth_method: 'none',
        redirect_uris: redirectUris,
        id_token_signed_response_alg: alg,
      },
      {
        client_id: TEST_IDP_CODE_CLIENT.clientId,
        client_secret: TEST_IDP_CODE_CLIENT.clientSecret,
        response_types: ['code', 'id_token'],
        grant_types: ['authorization_code', 'implicit'],
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: redirectUris,
        id_token_signed_response_alg: alg,
      },
    ],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => false },
    ttl: {
      IdToken: options.idTokenTtlSeconds ?? 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      AccessToken: 600,
    },
    cookies: { keys: ['parley-test-idp-cookie-key'] },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
  });
  app.handle = provider.callback();
  const drive = (params: Record<string, string>, login: string) => driveAuthorization(issuer, params, login);

  return {
    issuer,
    url: issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    provider,
    signingJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))).then(
        () => undefined,
      ),
    async obtainIdTokenImplicit(input) {
      const redirectUri = input.redirectUri ?? TEST_IDP_REDIRECT_URI;
      const params = {
        response_type: 'id_token',
        scope: 'openid',
        nonce: input.nonce,
        client_id: input.clientId ?? TEST_IDP_IMPLICIT_CLIENT,
        redirect_uri: redirectUri,
      };
      const final = await drive(params, input.login ?? 'consumer-1');
      const idToken = new URLSearchParams(final.hash.slice(1)).get('id_token');
      if (idToken === null)
        throw new Error(`test IdP: no id_token in the final redirect (${final.hash.slice(0, 200)})`);
      return idToken;
    },
    async obtainAuthorizationCode(input = {}) {
      const redirectUri = input.redirectUri ?? TEST_IDP_REDIRECT_URI;
      const params: Record<string, string> = {
        response_type: 'code',
        scope: 'openid',
        client_id: input.clientId ?? TEST_IDP_CODE_CLIENT.clientId,
        redirect_uri: redirectUri,
      };
      if (input.nonce !== undefined) params.nonce = input.nonce;
      if (input.state !== undefined) params.state = input.state;
      if (input.codeChallenge !== undefined)
        Object.assign(params, { code_challenge: input.codeChallenge, code_challenge_method: 'S256' });
      const final = await drive(params, input.login ?? 'consumer-1');
      const code = final.searchParams.get('code');
      if (code === null)
        throw new Error(`test IdP: no code in the final redirect (${final.search.slice(0, 200)})`);
      return { code, redirectUri, ...(input.state !== undefined ? { state: input.state } : {}) };
    },
  };
}

/** Follows /auth through the dev login and consent forms with a cookie jar until the redirect URI. */
export async function driveAuthorization(
  issuer: string,
  params: Record<string, string>,
  login: string,
): Promise<URL> {
  return followAuthorization(`${issuer}/auth?${new URLSearchParams(params)}`, params.redirect_uri!, login);
}

/**
 * Follows an authorization request from `start` through oidc-provider's dev login and consent
 * forms, with a cookie jar, until a redirect to a URL starting with `stopAt`.
 */
export async function followAuthorization(start: string, stopAt: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  let next: { url: string; body?: URLSearchParams } = { url: start };
  for (let step = 0; step < 12; step++) {
    const response = await fetch(next.url, {
      method: next.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(next.body ? { body: next.body } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const url = new URL(location, next.url);
      if (url.href.startsWith(stopAt)) return url;
      next = { url: url.href };
      continue;
    }
    next = formSubmission(await response.text(), next.url, login, response.status);
  }
  throw new Error('test IdP: the authorization did not finish within 12 steps');
}

function formSubmission(
  html: string,
  base: string,
  login: string,
  status: number,
): { url: string; body: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
  if (action === undefined || prompt === undefined)
    throw new Error(`test IdP: unexpected page (HTTP ${status}): ${html.slice(0, 300)}`);
  const body = new URLSearchParams({ prompt });
  if (prompt === 'login') {
    body.set('login', login);
    body.set('password', 'any');
  }
  return { url: new URL(action.replace(/&amp;/g, '&'), base).href, body };
}
