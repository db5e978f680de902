import { importJWK, type CryptoKey, type JWK } from 'jose';
import { canonicalAlgorithm, keyFitsAlgorithm } from './key-fits-algorithm.ts';
import { toBrandPublicJwk } from './to-brand-public-jwk.ts';

/**
 * A brand verification key, imported at most once per algorithm and then reused for every
 * token (the hot path never re-parses key material).
 */
export interface BrandKey {
  readonly kid: string | undefined;
  readonly jwk: JWK;
  fits(alg: string): boolean;
  /** The WebCrypto key for `alg` (imported on first use, then cached). */
  cryptoKey(alg: string): Promise<CryptoKey>;
}

/**
 * Builds a {@link BrandKey} from a configured key or a JWKS member, importing it once to prove
 * it is usable. Resolves undefined when the key cannot be parsed (the caller skips it).
 *
 * @example
 * ```ts
 * const key = await loadBrandKey(jwksMember);
 * if (key?.fits('RS256')) await compactVerify(token, await key.cryptoKey('RS256'));
 * ```
 */
export async function loadBrandKey(input: unknown): Promise<BrandKey | undefined> {
  const jwk = toBrandPublicJwk(input);
  if (jwk === undefined) return undefined;
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') return undefined;
  const first = canonicalAlgorithm(jwk);
  if (first === undefined || !keyFitsAlgorithm(jwk, first)) return undefined;
  const imported = new Map<string, Promise<CryptoKey>>();
  const cryptoKey = (alg: string): Promise<CryptoKey> => {
    let key = imported.get(alg);
    if (key === undefined) {
      key = importJWK(jwk, alg) as Promise<CryptoKey>;
      imported.set(alg, key);
    }
    return key;
  };
  try {
    await cryptoKey(first);
  } catch {
    return undefined;
  }
  return { kid: jwk.kid, jwk, fits: (alg) => keyFitsAlgorithm(jwk, alg), cryptoKey };
}

/**
 * Parses a JWKS document into brand keys, skipping members that cannot be parsed.
 * Resolves undefined when the document itself is not `{ "keys": [...] }`.
 *
 * @example
 * ```ts
 * const keys = await loadBrandJwks(await idpHttp.getJson(jwksUri, { timeoutMs }));
 * ```
 */
export async function loadBrandJwks(document: unknown): Promise<BrandKey[] | undefined> {
  if (typeof document !== 'object' || document === null) return undefined;
  const members = (document as { keys?: unknown }).keys;
  if (!Array.isArray(members)) return undefined;
  const loaded = await Promise.all(members.slice(0, 100).map((member) => loadBrandKey(member)));
  return loaded.filter((key): key is BrandKey => key !== undefined);
}
