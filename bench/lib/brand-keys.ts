import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The brand signing algorithms the benchmark measures. */
export type BenchAlg = 'RS256' | 'ES256' | 'EdDSA';
export const BENCH_ALGS: readonly BenchAlg[] = ['RS256', 'ES256', 'EdDSA'];

/** A brand signing key: private PEM for minting, public JWK for the JWKS, public PEM for the naive baseline. */
export interface BrandSigningKey {
  alg: BenchAlg;
  kid: string;
  privatePem: string;
  publicPem: string;
  publicJwk: Record<string, unknown>;
}

/** Where keys and pre-minted token pools are cached between runs (tokens stay valid ~1 h). */
export const CACHE_DIR = join(tmpdir(), 'parley-bench-cache');

function generate(alg: BenchAlg): BrandSigningKey {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  const kid = `bench-${alg.toLowerCase()}-${Date.now().toString(36)}`;
  return {
    alg,
    kid,
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' },
  };
}

/**
 * The brand keys of the benchmark, one per algorithm, reused from the cache directory so that
 * cached token pools stay verifiable.
 *
 * @example
 * ```ts
 * const keys = loadBrandKeys();
 * keys.RS256.publicJwk; // { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' }
 * ```
 */
export function loadBrandKeys(): Record<BenchAlg, BrandSigningKey> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, 'brand-keys.json');
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<BenchAlg, BrandSigningKey>;
    if (BENCH_ALGS.every((alg) => cached[alg]?.alg === alg)) return cached;
  }
  const keys = Object.fromEntries(BENCH_ALGS.map((alg) => [alg, generate(alg)])) as Record<
    BenchAlg,
    BrandSigningKey
  >;
  writeFileSync(file, JSON.stringify(keys));
  return keys;
}

/** KeyObjects of a brand key (imported once, for the raw-crypto baselines). */
export function keyObjects(key: BrandSigningKey): { privateKey: KeyObject; publicKey: KeyObject } {
  return { privateKey: createPrivateKey(key.privatePem), publicKey: createPublicKey(key.publicPem) };
}
