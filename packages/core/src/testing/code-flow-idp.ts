import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { followAuthorization } from './oidc-provider-harness.ts';

/** The brand page's registered redirect URI in code-flow tests. */
export const CODE_IDP_BRAND_REDIRECT = 'https://www.acme.example/chat-callback';

/** Client ids of {@link startCodeFlowIdp}, one per token endpoint auth method. */
export const CODE_IDP_CLIENTS = {
  client_secret_basic: { clientId: 'parley-basic', clientSecret: 'parley-basic-secret-0123456789abcdef' },
  client_secret_post: { clientId: 'parley-post', clientSecret: 'parley-post-secret-0123456789abcdef' },
  private_key_jwt: { clientId: 'parley-pkjwt' },
  none: { clientId: 'parley-public' },
} as const;

export type CodeIdpAuthMethod = keyof typeof CODE_IDP_CLIENTS;

/**
 * The client whose id_tokens the IdP encrypts (RSA-OAEP-256 / A256GCM) to the keys at
 * `encryptedIdTokensJwksUri` (client_secret_basic); present only with that option.
 */
export const CODE_IDP_ENCRYPTED_CLIENT = {
  clientId: 'parley-encrypted',
  clientSecret: 'parley-encrypted-secret-0123456789abcdef',
} as const;

/**
 * A client whose UserInfo answers are signed JWTs (`userinfo_signed_response_alg: RS256`,
 * `application/jwt`), client_secret_basic.
 */
export const CODE_IDP_SIGNED_USERINFO_CLIENT = {
  clientId: 'parley-signed-userinfo',
  clientSecret: 'parley-signed-userinfo-secret-0123456789ab',
} as const;

/** Logins starting with this prefix get a UserInfo `sub` other than their id_token's. */
export const CODE_IDP_USERINFO_IMPOSTOR_PREFIX = 'impostor-';

/** The claims of a login at {@link startCodeFlowIdp} (the IdP releases them per scope). */
export function codeIdpClaims(login: string): Record<string, unknown> {
  return {
    sub: login,
    name: `Consumer ${login}`,
    email: `${login}@customers.acme.example`,
    email_verified: true,
    // customer_id: a brand identifier other than `sub` (connectors with another subjectClaim)
    customer_id: `customer-${login}`,
    lp_sdes: [
      { type: 'ctmrinfo', info: { customerId: `customer-${login}`, cstatus: 'gold', balance: -12.5 } },
      { type: 'personal', personal: { firstname: 'Consumer', lastname: login } },
    ],
  };
}

/** Options of {@link startCodeFlowIdp}. */
export interface CodeFlowIdpOptions {
  /** Parley's popup callback, registered for every client. */
  popupRedirectUri: string;
  /** Public JWK of Parley's `private_key_jwt` client key. */
  parleyClientJwk: JWK;
  /** Where the IdP POSTs back-channel logout tokens (clients then get `sid` in id_tokens). */
  backchannelLogoutUri?: string;
  /** Parley's published account JWKS: adds {@link CODE_IDP_ENCRYPTED_CLIENT}, encrypting to it. */
  encryptedIdTokensJwksUri?: string;
  /**
   * oidc-provider's `conformIdTokenClaims`; default (`true`, the provider's own default): when
   * an access token is issued (always, in the code flow) the claims asked for by scope are
   * only in the UserInfo answer, the id_token has `sub` and the protocol claims. `false` puts
   * them in the id_token too.
   */
  conformIdTokenClaims?: boolean;
}

/** A running oidc-provider for the code, PKCE and popup flows. */
export interface CodeFlowIdp {
  issuer: string;
  discoveryUrl: string;
  provider: Provider;
  /** Private signing key of the IdP (for hand-made logout tokens in negative tests). */
  signingKey: { key: CryptoKey; kid: string; alg: 'RS256' };
  /** Requests received, as `METHOD /path` (tests assert "no IdP call"). */
  requests: string[];
  /** Drives `/auth` (code flow) for `clientId` and returns the code, as a brand page would. */
  obtainCode(input: {
    method: CodeIdpAuthMethod;
    /** Another client than the method's (e.g. {@link CODE_IDP_ENCRYPTED_CLIENT}). */
    clientId?: string;
    login?: string;
    redirectUri?: string;
    codeChallenge?: string;
    nonce?: string;
    /** Default `openid profile email`, what Parley's popup asks for by default. */
    scope?: string;
  }): Promise<{ code: string; redirectUri: string }>;
  /** Follows an authorization URL (e.g. Parley's popup redirect) to `stopAt`; returns the final URL. */
  follow(authorizationUrl: string, stopAt: string, login?: string): Promise<URL>;
  /** Has the IdP itself send a real back-channel logout for `sub` / `sid` to the client. */
  backchannelLogout(method: CodeIdpAuthMethod, sub: string, sid: string): Promise<void>;
  /** Signs arbitrary claims with the IdP key (negative logout-token tests). */
  sign(claims: JWTPayload, typ?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a real oidc-provider v8 on 127.0.0.1 (http, ephemeral port) with devInteractions, one
 * client per token endpoint auth method (see {@link CODE_IDP_CLIENTS}; `none` requires PKCE),
 * back-channel logout enabled, a client with signed UserInfo answers
 * ({@link CODE_IDP_SIGNED_USERINFO_CLIENT}), and a request log. Any login becomes the `sub`;
 * its claims are {@link codeIdpClaims}: `customer_id` under scope `openid`, `name` and the
 * custom `lp_sdes` under `profile`, `email` under `email`. Where they appear (id_token or only
 * UserInfo) follows `conformIdTokenClaims`.
 *
 * @example
 * ```ts
 * const idp = await startCodeFlowIdp({ popupRedirectUri, parleyClientJwk });
 * const { code } = await idp.obtainCode({ method: 'client_secret_basic', login: 'alice' });
 * ```
 */
export async function startCodeFlowIdp(options: CodeFlowIdpOptions): Promise<CodeFlowIdp> {
  const requests: string[] = [];
  const app: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    if (app.handle) app.handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey, publicKey: _pub } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'code-idp-rs256';
  const redirect_uris = [CODE_IDP_BRAND_REDIRECT, options.popupRedirectUri];
  const logout = options.backchannelLogoutUri
    ? { backchannel_logout_uri: options.backchannelLogoutUri, backchannel_logout_session_required: true }
    : {};
  const base = { response_types: ['code'], grant_types: ['authorization_code'], redirect_uris, ...logout };
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }] },
    clients: [
      {
        ...base,
        client_id: CODE_IDP_CLIENTS.client_secret_basic.clientId,
        client_secret: CODE_IDP_CLIENTS.client_secret_basic.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        ...base,
        client_id: CODE_IDP_CLIENTS.client_secret_post.clientId,
        client_secret: CODE_IDP_CLIENTS.client_secret_post.clientSecret,
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        ...base,
        client_id: CODE_IDP_CLIENTS.private_key_jwt.clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: options.parleyClientJwk.alg,
        jwks: { keys: [options.parleyClientJwk] },
      },
      { ...base, client_id: CODE_IDP_CLIENTS.none.clientId, token_endpoint_auth_method: 'none' },
      {
        ...base,
        client_id: CODE_IDP_SIGNED_USERINFO_CLIENT.clientId,
        client_secret: CODE_IDP_SIGNED_USERINFO_CLIENT.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        userinfo_signed_response_alg: 'RS256',
      },
      ...encryptedClient(base, options.encryptedIdTokensJwksUri),
    ],
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      jwtUserinfo: { enabled: true },
      encryption: { enabled: options.encryptedIdTokensJwksUri !== undefined },
    },
    pkce: {
      required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none',
    },
    ttl: {
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      AccessToken: 600,
    },
    cookies: { keys: ['parley-code-idp-cookie-key'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: (use: string) =>
        use === 'userinfo' && id.startsWith(CODE_IDP_USERINFO_IMPOSTOR_PREFIX)
          ? { ...codeIdpClaims(id), sub: 'somebody-else' }
          : codeIdpClaims(id),
    }),
    // lp_sdes is a custom claim: released under the profile scope, like the name
    claims: {
      openid: ['sub', 'customer_id'],
      profile: ['name', 'lp_sdes'],
      email: ['email', 'email_verified'],
    },
    ...(options.conformIdTokenClaims === false ? { conformIdTokenClaims: false } : {}),
  });
  app.handle = provider.callback();

  const idp: CodeFlowIdp = {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    provider,
    signingKey: { key: privateKey, kid, alg: 'RS256' },
    requests,
    async obtainCode(input) {
      const redirectUri = input.redirectUri ?? CODE_IDP_BRAND_REDIRECT;
      const params = new URLSearchParams({
        response_type: 'code',
        scope: input.scope ?? 'openid profile email',
        client_id: input.clientId ?? CODE_IDP_CLIENTS[input.method].clientId,
        redirect_uri: redirectUri,
      });
      if (input.nonce !== undefined) params.set('nonce', input.nonce);
      if (input.codeChallenge !== undefined) {
        params.set('code_challenge', input.codeChallenge);
        params.set('code_challenge_method', 'S256');
      }
      const final = await idp.follow(`${issuer}/auth?${params}`, redirectUri, input.login);
      const code = final.searchParams.get('code');
      if (code === null)
        throw new Error(`code IdP: no code in the final redirect (${final.search.slice(0, 200)})`);
      return { code, redirectUri };
    },
    follow: (url, stopAt, login = 'consumer-1') => followAuthorization(url, stopAt, login),
    async backchannelLogout(method, sub, sid) {
      const found = await (
        provider as unknown as {
          Client: {
            find(id: string): Promise<{ backchannelLogout(sub: string, sid: string): Promise<void> }>;
          };
        }
      ).Client.find(CODE_IDP_CLIENTS[method].clientId);
      await found.backchannelLogout(sub, sid);
    },
    async sign(claims, typ = 'logout+jwt') {
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ }).sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return idp;
}

/** The encrypting client, when a JWKS URI to encrypt to is given (its keys are fetched lazily). */
function encryptedClient(
  base: Record<string, unknown>,
  jwksUri: string | undefined,
): Record<string, unknown>[] {
  if (jwksUri === undefined) return [];
  return [
    {
      ...base,
      client_id: CODE_IDP_ENCRYPTED_CLIENT.clientId,
      client_secret: CODE_IDP_ENCRYPTED_CLIENT.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      jwks_uri: jwksUri,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
    },
  ];
}
