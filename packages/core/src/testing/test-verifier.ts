import { epochSeconds } from '../clock.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import type { IdpHttp } from '../token/idp-http.ts';
import { createIdTokenVerifier } from '../token/verify-id-token.ts';
import { createFakeClock } from './fake-clock.ts';
import { createFakeIdpHttp, type FakeIdpHttp } from './fake-idp-http.ts';
import { testAccount } from './mint-token.ts';
import { createTestKeyStore } from './test-key-store.ts';
import { createTestReplayCache } from './test-replay-cache.ts';

function buildTestVerifier<H extends IdpHttp>(connectors: ConnectorConfig[], idpHttp: H) {
  const clock = createFakeClock();
  const keyStore = createTestKeyStore();
  const replayCache = createTestReplayCache(clock);
  const account = testAccount(connectors);
  const verifier = createIdTokenVerifier({ account, keyStore, replayCache, idpHttp, clock });
  return { clock, idpHttp, keyStore, replayCache, account, verifier, now: () => epochSeconds(clock) };
}

/** What {@link createTestVerifier} returns: the verifier, its ports and clock. */
export type TestVerifier<H extends IdpHttp> = ReturnType<typeof buildTestVerifier<H>>;

/**
 * An id_token verifier for one test account holding `connectors`, with a frozen clock and every
 * port in memory; brand IdPs are reached through `idpHttp` (a fake one unless given). `now()`
 * is the clock's epoch seconds, for minting claims.
 *
 * @example
 * ```ts
 * const { verifier, now } = createTestVerifier([testConnector({ publicKeys: [key.publicJwk] })]);
 * await verifier.verify(await mintToken(key, idTokenClaims(now())));
 * ```
 */
export function createTestVerifier(connectors: ConnectorConfig[]): TestVerifier<FakeIdpHttp>;
export function createTestVerifier<H extends IdpHttp>(
  connectors: ConnectorConfig[],
  idpHttp: H,
): TestVerifier<H>;
export function createTestVerifier(
  connectors: ConnectorConfig[],
  idpHttp: IdpHttp = createFakeIdpHttp(),
): TestVerifier<IdpHttp> {
  return buildTestVerifier(connectors, idpHttp);
}
