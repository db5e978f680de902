import { sign, verify, type KeyLike, type SignKeyObjectInput, type VerifyKeyObjectInput } from 'node:crypto';
import type { BenchAlg } from './brand-keys.ts';

/** node:crypto digest and key options of a JWS algorithm (RFC 7518 §3). */
function params(alg: BenchAlg): { digest: string | null; dsaEncoding?: 'ieee-p1363' } {
  if (alg === 'RS256') return { digest: 'sha256' };
  if (alg === 'ES256') return { digest: 'sha256', dsaEncoding: 'ieee-p1363' };
  return { digest: null };
}

/** Signs a JWS signing input with node:crypto (the minting hot loop). */
export function signJws(alg: BenchAlg, input: Buffer, key: KeyLike): Buffer {
  const { digest, dsaEncoding } = params(alg);
  const keyInput = dsaEncoding ? ({ key, dsaEncoding } as SignKeyObjectInput) : key;
  return sign(digest, input, keyInput);
}

/** Verifies a JWS signature with node:crypto (the raw-crypto baseline). */
export function verifyJws(alg: BenchAlg, input: Buffer, key: KeyLike, signature: Buffer): boolean {
  const { digest, dsaEncoding } = params(alg);
  const keyInput = dsaEncoding ? ({ key, dsaEncoding } as VerifyKeyObjectInput) : key;
  return verify(digest, input, keyInput, signature);
}
