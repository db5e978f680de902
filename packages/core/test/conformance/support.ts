// Shared set-up of the conformance scenarios: one account, one connector, frozen clock.
import { epochSeconds } from '../../src/clock.ts';
import type { ConnectorConfig } from '../../src/config/schema.ts';
import { isParleyError } from '../../src/errors.ts';
import type { ErrorCode } from '@parley/protocol';
import {
  createFakeClock,
  createFakeIdpHttp,
  createTestKeyStore,
  createTestReplayCache,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  testAccount,
  testConnector,
} from '../../src/testing/index.ts';
import { createIdTokenVerifier } from '../../src/token/verify-id-token.ts';

export const JWKS_URI = 'https://login.brand.example/jwks';

/** A verifier for one account holding `connectors`, with every port in memory. */
export function setup(connectors: ConnectorConfig[]) {
  const clock = createFakeClock();
  const idpHttp = createFakeIdpHttp();
  const keyStore = createTestKeyStore();
  const replayCache = createTestReplayCache(clock);
  const account = testAccount(connectors);
  const verifier = createIdTokenVerifier({ account, keyStore, replayCache, idpHttp, clock });
  return { clock, idpHttp, keyStore, replayCache, account, verifier, now: () => epochSeconds(clock) };
}

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
