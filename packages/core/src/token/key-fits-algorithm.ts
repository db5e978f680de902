import type { JWK } from 'jose';

const EC_CURVES: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/**
 * True when a public JWK may verify a JWS of `alg`: RS and PS need an RSA key, ES256/384/512
 * an EC key on P-256/P-384/P-521, EdDSA an Ed25519/Ed448 OKP key. A key declaring another
 * `alg`, a `use` other than `sig`, or `key_ops` without `verify` never fits. HMAC never fits a
 * JWK: HS* is verified with the connector's shared secret only (no algorithm confusion).
 *
 * @example
 * ```ts
 * keyFitsAlgorithm({ kty: 'EC', crv: 'P-256', x, y }, 'ES256'); // true
 * keyFitsAlgorithm({ kty: 'RSA', n, e }, 'HS256'); // false
 * ```
 */
export function keyFitsAlgorithm(jwk: JWK, alg: string): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))
    return false;
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return jwk.kty === 'RSA';
  const curve = EC_CURVES[alg];
  if (curve !== undefined) return jwk.kty === 'EC' && jwk.crv === curve;
  if (alg === 'EdDSA') return jwk.kty === 'OKP' && (jwk.crv === 'Ed25519' || jwk.crv === 'Ed448');
  return false;
}

/** The algorithm used to validate a JWK once when it is loaded (its `alg`, else a natural one). */
export function canonicalAlgorithm(jwk: JWK): string | undefined {
  if (typeof jwk.alg === 'string') return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  if (jwk.kty !== 'EC') return undefined;
  return Object.keys(EC_CURVES).find((alg) => EC_CURVES[alg] === jwk.crv);
}
