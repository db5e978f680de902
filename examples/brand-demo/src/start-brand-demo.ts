/**
 * The demo brand, "the outside world" of Parley (docs/architecture.md): a real OpenID Provider
 * (oidc-provider 8) and the brand's website, served by one HTTP server on a loopback port.
 * It imports nothing of Parley: it only knows Parley's public URL, like a real brand.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';
import { createBrandApi } from './brand-api.ts';
import { createBrandCredentials } from './brand-credentials.ts';
import { createBrandSession } from './brand-session.ts';
import { demoClaims } from './demo-customers.ts';
import { createSite, type SiteSettings } from './site.ts';

/** The client id Parley uses at the demo IdP. */
export const DEMO_CLIENT_ID = 'parley';

/**
 * Claims released per scope (OpenID Connect Core §5.4; the custom ones under `profile`). With
 * oidc-provider's default `conformIdTokenClaims`, a code flow's id_token carries only `sub`:
 * Parley's demo connector reads the rest from the UserInfo endpoint (`userinfo: true`).
 */
const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'locale', 'account_number', 'billing', 'lp_sdes'],
  email: ['email', 'email_verified'],
  phone: ['phone_number'],
};

/** Options of {@link startBrandDemo}. */
export interface BrandDemoOptions {
  /** Loopback host to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Parley's popup callback, registered for the Parley client beside the site's `/chat-callback`. */
  redirectUri: string;
  /** What the website's "Sign in to chat" talks to. */
  parley: SiteSettings['parley'];
}

/** A running demo brand. */
export interface BrandDemo {
  /** The website (also the IdP's origin). */
  siteUrl: string;
  issuer: string;
  discoveryUrl: string;
  /** The brand pages' own redirect URI for codes they hand the widget (code and PKCE pages). */
  codeRedirectUri: string;
  /** Credentials of the Parley client (`client_secret_basic`); the secret is new at every start. */
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * Starts the demo IdP + website. The IdP uses oidc-provider's development login and consent
 * forms (any login name works, any password) and one confidential client for Parley:
 * authorization code with PKCE, `client_secret_basic`.
 *
 * @example
 * ```ts
 * const brand = await startBrandDemo({ port: 8081, redirectUri, parley: { url, account: 'demo', connector: 'demo' } });
 * ```
 */
export async function startBrandDemo(options: BrandDemoOptions): Promise<BrandDemo> {
  const handler: { provider?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  let site: ReturnType<typeof createSite> | undefined;
  let api: ReturnType<typeof createBrandApi> | undefined;
  const server = createServer((req, res) => {
    if (site?.handles(req)) site.serve(req, res);
    else if (api?.handles(req)) void api.serve(req, res);
    else if (handler.provider) handler.provider(req, res);
    else res.writeHead(503).end();
  });
  await listen(server, options.host ?? '127.0.0.1', options.port);
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const codeRedirectUri = `${origin}/chat-callback`;
  try {
    const signingKey = await newSigningJwk();
    const redirectUris = [options.redirectUri, codeRedirectUri];
    const provider = await createProvider(origin, redirectUris, clientSecret, signingKey);
    handler.provider = provider.callback();
    const parleyUrl = options.parley.url.replace(/\/$/, '');
    const credentials = createBrandCredentials({
      provider,
      signingKey: signingKey as JWK,
      issuer: origin,
      clientId: DEMO_CLIENT_ID,
      codeRedirectUri,
      parleyJwksUrl: `${parleyUrl}/v1/accounts/${encodeURIComponent(options.parley.account)}/.well-known/jwks.json`,
    });
    api = createBrandApi(createBrandSession(), credentials);
    site = createSite({ parley: options.parley, brandOrigin: origin });
  } catch (err) {
    await close(server);
    throw err;
  }
  return {
    siteUrl: `${origin}/`,
    issuer: origin,
    discoveryUrl: `${origin}/.well-known/openid-configuration`,
    codeRedirectUri,
    clientId: DEMO_CLIENT_ID,
    clientSecret,
    close: () => close(server),
  };
}

async function createProvider(
  issuer: string,
  redirectUris: string[],
  clientSecret: string,
  signingKey: Record<string, unknown>,
): Promise<Provider> {
  return new Provider(issuer, {
    jwks: { keys: [signingKey] },
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        client_secret: clientSecret,
        client_name: 'Parley chat',
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      AccessToken: 600,
    },
    // the cookie keys sign the login session of this run only
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => demoClaims(id) }),
    claims: SCOPE_CLAIMS,
  });
}

/** A new P-256 key per run (ES256: generated in a millisecond, where RSA takes a noticeable part of start-up). */
async function newSigningJwk(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `demo-${randomBytes(6).toString('hex')}`, alg: 'ES256', use: 'sig' };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // the popup's keep-alive connections would otherwise hold the port open
    server.closeAllConnections();
  });
}
