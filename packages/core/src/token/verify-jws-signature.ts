import { compactVerify } from 'jose';
import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import { assertJwsAlgorithmAllowed } from './assert-algorithm-allowed.ts';
import type { BrandKeySource } from './create-brand-key-source.ts';
import type { ParsedJws } from './parse-compact.ts';
import { verifySignatureNatively } from './verify-signature-natively.ts';

/**
 * Verifies the signature of a strictly parsed JWS with the connector's keys: the algorithm
 * policy first, then each candidate key for (`alg`, `kid`) until one verifies. Embedded or
 * remote key headers (`jwk`, `jku`, `x5c`, `x5u`) play no part.
 *
 * @throws ParleyError `TOKEN_ALG_NOT_ALLOWED`, `TOKEN_KEY_NOT_FOUND`, `TOKEN_SIGNATURE_INVALID`,
 * `IDP_UNAVAILABLE`.
 * @example
 * ```ts
 * await verifyJwsSignature(parseCompact(token) as ParsedJws, connector, keySource);
 * ```
 */
export async function verifyJwsSignature(
  jws: ParsedJws,
  connector: ConnectorConfig,
  keys: BrandKeySource,
): Promise<void> {
  const alg = jws.header.alg;
  assertJwsAlgorithmAllowed(alg, connector);
  const candidates = await keys.keysFor(alg, jws.header.kid);
  const signature = jws.token.slice(jws.signingInput.length + 1);
  for (const key of candidates) {
    // node:crypto on a cached KeyObject (the hot path); jose only for algorithms it does not cover
    const verified = verifySignatureNatively(alg, jws.signingInput, signature, key);
    if (verified === true) return;
    if (verified === false) continue;
    try {
      await compactVerify(jws.token, key, { algorithms: [alg] });
      return;
    } catch {
      // try the next candidate; none verifying is reported below
    }
  }
  throw new ParleyError('TOKEN_SIGNATURE_INVALID', 'token signature does not verify with the connector keys');
}
