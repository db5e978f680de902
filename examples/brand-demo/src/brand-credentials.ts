/**
 * What the demo brand's backend hands its own pages for the chat (the "embedded window" of
 * docs/guides/): an id_token it signs itself (implicit, optionally encrypted to Parley's
 * published key), or an authorization code of its IdP for the page's own redirect URI (code,
 * PKCE with Parley's challenge). A real brand would get the code through its IdP's
 * `prompt=none` request; the demo mints it in-process from the logged-in site user, which is
 * the same grant the IdP would record.
 */
import { randomBytes } from 'node:crypto';
import { CompactEncrypt, SignJWT, importJWK, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import { demoClaims } from './demo-customers.ts';

/** What the chat code grants: the profile comes from UserInfo, which Parley's connector reads. */
const CODE_SCOPE = 'openid profile email phone';

/** Longest id_token a page may ask for, and the default. */
const MAX_TTL_SECONDS = 3600;
const DEFAULT_TTL_SECONDS = 600;

export interface BrandCredentialsOptions {
  provider: Provider;
  /** The IdP's private signing JWK (ES256): implicit id_tokens verify with the IdP's JWKS. */
  signingKey: JWK;
  issuer: string;
  clientId: string;
  /** The brand page's own redirect URI for codes it passes to the widget. */
  codeRedirectUri: string;
  /** Parley's account JWKS URL (encryption keys). */
  parleyJwksUrl: string;
}

/** The oidc-provider models used to mint a code (the package ships no typings). */
interface ProviderModels {
  Client: { find(id: string): Promise<unknown> };
  Grant: new (init: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
  AuthorizationCode: new (init: Record<string, unknown>) => { save(): Promise<string> };
}

/** The brand's chat credentials for a logged-in site user. */
export interface BrandCredentials {
  idToken(user: string, options: { ttlSeconds?: number; encrypt?: boolean }): Promise<string>;
  code(user: string, options: { codeChallenge?: string }): Promise<{ code: string; redirectUri: string }>;
}

/**
 * @example
 * ```ts
 * const credentials = createBrandCredentials({ provider, signingKey, issuer, clientId, codeRedirectUri, parleyJwksUrl });
 * const idToken = await credentials.idToken('alice', { encrypt: true });
 * ```
 */
export function createBrandCredentials(options: BrandCredentialsOptions): BrandCredentials {
  const key = importJWK(options.signingKey, 'ES256');
  return {
    async idToken(user, { ttlSeconds, encrypt }) {
      const ttl = Math.min(Math.max(Math.trunc(ttlSeconds ?? DEFAULT_TTL_SECONDS), 30), MAX_TTL_SECONDS);
      const { sub, ...claims } = demoClaims(user);
      const jws = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: String(options.signingKey.kid), typ: 'JWT' })
        .setIssuer(options.issuer)
        .setSubject(sub)
        .setAudience(options.clientId)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`)
        .setJti(randomBytes(16).toString('base64url'))
        .sign(await key);
      return encrypt ? encryptToParley(jws, options.parleyJwksUrl) : jws;
    },
    async code(user, { codeChallenge }) {
      const { clientId, codeRedirectUri } = options;
      const provider = options.provider as unknown as ProviderModels;
      const client = await provider.Client.find(clientId);
      if (!client) throw new Error(`the IdP has no client ${clientId}`);
      const grant = new provider.Grant({ accountId: user, clientId });
      grant.addOIDCScope(CODE_SCOPE);
      const grantId = await grant.save();
      const code = new provider.AuthorizationCode({
        accountId: user,
        client,
        grantId,
        scope: CODE_SCOPE,
        redirectUri: codeRedirectUri,
        authTime: Math.floor(Date.now() / 1000),
        ...(codeChallenge ? { codeChallenge, codeChallengeMethod: 'S256' } : {}),
      });
      return { code: await code.save(), redirectUri: codeRedirectUri };
    },
  };
}

/** JWE (RSA-OAEP-256, A256GCM) to the first RSA encryption key Parley publishes for the account. */
async function encryptToParley(jws: string, jwksUrl: string): Promise<string> {
  const res = await fetch(jwksUrl);
  if (!res.ok) throw new Error(`Parley's JWKS answered ${res.status}`);
  const { keys } = (await res.json()) as { keys: JWK[] };
  const jwk = keys.find((k) => k.alg === 'RSA-OAEP-256');
  if (!jwk) throw new Error('Parley publishes no RSA-OAEP-256 key');
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: String(jwk.kid), cty: 'JWT' })
    .encrypt(await importJWK(jwk, 'RSA-OAEP-256'));
}
