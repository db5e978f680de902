import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';

/** JWE key management algorithms Parley decrypts (its account keys are RSA-OAEP-256 and ECDH-ES P-256). */
export const JWE_KEY_ALGORITHMS = ['RSA-OAEP-256', 'ECDH-ES'] as const;
/** JWE content encryption algorithms Parley accepts. */
export const JWE_CONTENT_ALGORITHMS = ['A256GCM', 'A128CBC-HS256'] as const;

const HMAC = new Set(['HS256', 'HS384', 'HS512']);

/** True for HS256/384/512. */
export function isHmacAlgorithm(alg: string): boolean {
  return HMAC.has(alg);
}

/**
 * Enforces a connector's JWS algorithm policy: never `none`; only algorithms listed in
 * `allowedAlgorithms`; HMAC only when the connector has a `sharedSecret`.
 *
 * @throws ParleyError `TOKEN_ALG_NOT_ALLOWED`.
 */
export function assertJwsAlgorithmAllowed(alg: string, connector: ConnectorConfig): void {
  if (alg.toLowerCase() === 'none') {
    throw new ParleyError('TOKEN_ALG_NOT_ALLOWED', 'unsigned tokens (alg "none") are never accepted');
  }
  const allowed = `allowed: ${connector.allowedAlgorithms.join(', ')}`;
  if (!(connector.allowedAlgorithms as readonly string[]).includes(alg)) {
    throw new ParleyError(
      'TOKEN_ALG_NOT_ALLOWED',
      `token algorithm is not in the allowedAlgorithms of connector "${connector.id}" (${allowed})`,
    );
  }
  if (isHmacAlgorithm(alg) && connector.sharedSecret === undefined) {
    throw new ParleyError(
      'TOKEN_ALG_NOT_ALLOWED',
      `HMAC algorithms need a sharedSecret on connector "${connector.id}" (${allowed})`,
    );
  }
}

/**
 * Enforces the JWE policy: `alg` RSA-OAEP-256 or ECDH-ES, `enc` A256GCM or A128CBC-HS256,
 * no `zip`. Everything else (`dir`, `RSA1_5`, `RSA-OAEP`, `PBES2-*`, `A*KW`, `ECDH-ES+A*KW`)
 * is refused.
 *
 * @throws ParleyError `TOKEN_ALG_NOT_ALLOWED`.
 */
export function assertJweAlgorithmAllowed(header: Record<string, unknown>): void {
  if (!(JWE_KEY_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
    throw new ParleyError(
      'TOKEN_ALG_NOT_ALLOWED',
      `JWE key management algorithm is not allowed (allowed: ${JWE_KEY_ALGORITHMS.join(', ')})`,
    );
  }
  if (!(JWE_CONTENT_ALGORITHMS as readonly unknown[]).includes(header.enc)) {
    throw new ParleyError(
      'TOKEN_ALG_NOT_ALLOWED',
      `JWE content encryption algorithm is not allowed (allowed: ${JWE_CONTENT_ALGORITHMS.join(', ')})`,
    );
  }
  if ('zip' in header) {
    throw new ParleyError('TOKEN_ALG_NOT_ALLOWED', 'compressed JWE (zip) is not allowed');
  }
}
