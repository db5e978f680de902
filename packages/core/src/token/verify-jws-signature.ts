import { compactVerify, type CryptoKey } from 'jose';
import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import { assertJwsAlgorithmAllowed, isHmacAlgorithm } from './assert-algorithm-allowed.ts';
import type { BrandKeySource } from './create-brand-key-source.ts';
import type { ParsedJws } from './parse-compact.ts';
import { verifySignatureNatively } from './verify-signature-natively.ts';

/**
 * Verifies the signature of a strictly parsed JWS with the connector's keys: the algorithm
 * policy first, then each candidate key for (`alg`, `kid`) until one verifies. When none does
 * and the `kid` names a key of the brand JWKS, the JWKS is refetched once (under the refresh
 * cooldown) and the fresh key tried: brands that generate keys at start reuse the `kid`.
 * Embedded or remote key headers (`jwk`, `jku`, `x5c`, `x5u`) play no part.
 *
 * @throws ParleyError `TOKEN_ALG_NOT_ALLOWED`, `TOKEN_KEY_NOT_FOUND`, `TOKEN_SIGNATURE_INVALID`,
 * `IDP_UNAVAILABLE`.
 */
export async function verifyJwsSignature(
  jws: ParsedJws,
  connector: ConnectorConfig,
  keys: BrandKeySource,
): Promise<void> {
  const alg = jws.header.alg;
  assertJwsAlgorithmAllowed(alg, connector);
  if (await verifiesWithAny(jws, await keys.keysFor(alg, jws.header.kid))) return;
  const fresh = await keys.refreshedKeysFor(alg, jws.header.kid);
  if (fresh !== undefined && (await verifiesWithAny(jws, fresh))) return;
  throw new ParleyError('TOKEN_SIGNATURE_INVALID', signatureHint(connector, alg));
}

async function verifiesWithAny(jws: ParsedJws, candidates: CryptoKey[]): Promise<boolean> {
  const alg = jws.header.alg;
  const signature = jws.token.slice(jws.signingInput.length + 1);
  for (const key of candidates) {
    // node:crypto on a cached KeyObject (the hot path); jose only for algorithms it does not cover
    const verified = verifySignatureNatively(alg, jws.signingInput, signature, key);
    if (verified === true) return true;
    if (verified === false) continue;
    try {
      await compactVerify(jws.token, key, { algorithms: [alg] });
      return true;
    } catch {
      // try the next candidate; none verifying is reported by the caller
    }
  }
  return false;
}

/** Where the keys came from and how long a running server keeps them: the usual fix. */
function signatureHint(connector: ConnectorConfig, alg: string): string {
  const prefix = `token signature does not verify with the keys of connector "${connector.id}"`;
  if (isHmacAlgorithm(alg)) return `${prefix} (its sharedSecret): check the secret the IdP signs with`;
  const remote = connector.jwksUri !== undefined || connector.discoveryUrl !== undefined;
  const configured = connector.publicKeys.length > 0 ? '; configured publicKeys are read at start' : '';
  if (!remote) return `${prefix} (its publicKeys, read at start): check they are the IdP's current keys`;
  return (
    `${prefix}: running servers cache the brand JWKS for ${connector.jwksCacheSeconds} s ` +
    `(jwksCacheSeconds) and refetch it early at most every ${connector.jwksRefreshCooldownSeconds} s ` +
    `(jwksRefreshCooldownSeconds), so a rotated key is picked up within that time${configured}`
  );
}
