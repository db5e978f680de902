// Shared set-up of the conformance scenarios: one account, one connector, frozen clock.
import type { ErrorCode } from '@parley/protocol';
import { isParleyError } from '../../src/errors.ts';
import {
  createTestVerifier,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  testConnector,
} from '../../src/testing/index.ts';

export const JWKS_URI = 'https://login.brand.example/jwks';

/** A verifier for one account holding `connectors`, with every port in memory. */
export const setup = createTestVerifier;

/**
 * {@link setup} with one connector trusting a fresh brand key of `alg` (`overrides` merged into
 * the connector); `mint` signs id_token claims at the frozen clock's now with that key.
 */
export async function setupWithKey(alg: string, overrides: Record<string, unknown> = {}) {
  const key = await generateSigningKey(alg);
  const ctx = setup([testConnector({ publicKeys: [key.publicJwk], ...overrides })]);
  const mint = (claims: Record<string, unknown> = {}) => mintToken(key, idTokenClaims(ctx.now(), claims));
  return { ...ctx, key, mint };
}

/** Resolves to the catalogue code the promise rejected with (fails when it resolves or throws something else). */
export async function codeOf(promise: Promise<unknown>): Promise<ErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (isParleyError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a ParleyError, but the promise resolved');
}
