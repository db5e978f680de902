import { CompactEncrypt, SignJWT, base64url, type CryptoKey, type JWK, importJWK } from 'jose';
import type { AccountConfig, ConnectorConfig } from '../config/schema.ts';
import { accountSchema, connectorSchema } from '../config/schema.ts';
import type { TestSigningKey } from './brand-keys.ts';

/** Issuer and client id used by {@link testConnector} and {@link idTokenClaims}. */
export const TEST_ISSUER = 'https://login.brand.example';
export const TEST_CLIENT_ID = 'parley';

/**
 * A validated connector config with test defaults (issuer {@link TEST_ISSUER}, client
 * {@link TEST_CLIENT_ID}), overridable.
 */
export function testConnector(overrides: Record<string, unknown> = {}): ConnectorConfig {
  return connectorSchema.parse({ id: 'main', issuer: TEST_ISSUER, clientId: TEST_CLIENT_ID, ...overrides });
}

/** A validated account config (`acme` by default) holding `connectors`. */
export function testAccount(
  connectors: ConnectorConfig[],
  overrides: Record<string, unknown> = {},
): AccountConfig {
  return accountSchema.parse({ id: 'acme', ...overrides, connectors });
}

/**
 * Standard id_token claims valid at `nowSeconds` for {@link testConnector}, merged with overrides
 * (a value of `undefined` removes the claim).
 */
export function idTokenClaims(
  nowSeconds: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: TEST_ISSUER,
    aud: TEST_CLIENT_ID,
    sub: 'consumer-1',
    iat: nowSeconds,
    exp: nowSeconds + 600,
    jti: crypto.randomUUID(),
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** Signing material for {@link mintToken}: a test key pair, or an HMAC secret. */
export type MintKey = TestSigningKey | { alg: 'HS256' | 'HS384' | 'HS512'; secret: string; kid?: string };

/**
 * Signs `claims` as a compact JWS. The header gets `alg`, the key's `kid` (unless `kid: null`
 * is given in `header`) and `typ: "JWT"`; `header` adds or overrides parameters.
 */
export async function mintToken(
  key: MintKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const fullHeader: Record<string, unknown> = {
    alg: key.alg,
    typ: 'JWT',
    ...('kid' in key && key.kid ? { kid: key.kid } : {}),
    ...header,
  };
  for (const [name, value] of Object.entries(fullHeader)) if (value === null) delete fullHeader[name];
  const signingKey = 'secret' in key ? new TextEncoder().encode(key.secret) : key.privateKey;
  return new SignJWT(claims).setProtectedHeader(fullHeader as { alg: string }).sign(signingKey);
}

/**
 * Builds a compact token from raw header/payload JSON text (e.g. with duplicate members) and
 * a fake signature: for parser tests only.
 *
 * @example
 * ```ts
 * rawToken('{"alg":"RS256","alg":"none"}', '{"sub":"x"}');
 * ```
 */
export function rawToken(headerJson: string, payloadJson: string, signature = 'c2ln'): string {
  const enc = (text: string) => base64url.encode(new TextEncoder().encode(text));
  return `${enc(headerJson)}.${enc(payloadJson)}.${signature}`;
}

/**
 * Encrypts a compact JWS to a public encryption JWK (an account's published key) as a nested
 * JWT (`cty: "JWT"`).
 */
export async function encryptToken(
  jws: string,
  publicJwk: JWK,
  options: { alg?: string; enc?: string; header?: Record<string, unknown> } = {},
): Promise<string> {
  const alg = options.alg ?? publicJwk.alg ?? 'RSA-OAEP-256';
  const key = (await importJWK({ ...publicJwk, alg }, alg)) as CryptoKey;
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({
      alg,
      enc: options.enc ?? 'A256GCM',
      cty: 'JWT',
      ...(publicJwk.kid ? { kid: publicJwk.kid } : {}),
      ...options.header,
    })
    .encrypt(key);
}
