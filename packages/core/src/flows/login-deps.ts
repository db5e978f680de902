import type { AccountConnectors } from '../account/account-connectors.ts';
import type { AccountConfig, Flow } from '../config/schema.ts';
import type { Clock } from '../clock.ts';
import type { ConsumerStore } from '../identity/consumer-store.ts';
import type { SessionEffectDeps } from '../session/session-effects.ts';
import type { SessionDeps } from '../session/session-service.ts';
import type { ExpectedTokenType } from '../token/parse-compact.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';

/** The part of the id_token verifier a login flow needs (see token/verify-id-token.ts). */
export interface IdTokenVerifierLike {
  verify(
    token: string,
    options?: { connectorId?: string; nonce?: string; flow?: Flow; expectedTyp?: ExpectedTokenType },
  ): Promise<VerifiedIdToken>;
}

/**
 * What the login use cases need, per request; the server builds it once per account. The
 * conversations and bus are for the side effects of a step-up and of a logout.
 */
export interface LoginDeps extends SessionDeps, SessionEffectDeps {
  account: AccountConfig;
  /** The connector lookup built once from `account`. */
  connectors: AccountConnectors;
  consumers: ConsumerStore;
  clock: Clock;
}
