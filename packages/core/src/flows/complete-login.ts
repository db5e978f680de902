import { epochSeconds } from '../clock.ts';
import { issueSession, verifySession, type IssuedSession } from '../session/session-service.ts';
import { reportingFailure, revokeSession } from '../session/session-effects.ts';
import { stepUpConversations } from '../conversation/step-up-conversations.ts';
import type { SessionRecord } from '../session/session-store.ts';
import { displayNameOf, profileClaims } from '../identity/build-profile.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';
import { assertConnectorFlow } from '../token/assert-connector-flow.ts';
import type { Flow } from '../config/schema.ts';
import type { LoginDeps } from './login-deps.ts';

export interface LoginResult extends IssuedSession {
  consumerId: string;
  displayName: string | null;
  /** The anonymous consumer that was stepped up into this one, if any. */
  steppedUpFrom: string | null;
}

/**
 * Checks an optional anonymous session token BEFORE any credential is spent, so an invalid one
 * refuses the login (`SESSION_INVALID`) and the anonymous conversation is untouched.
 */
export async function checkAnonymousSession(
  deps: LoginDeps,
  anonymousSessionToken: string | undefined,
): Promise<SessionRecord | null> {
  if (anonymousSessionToken === undefined) return null;
  return verifySession(deps, deps.account.id, anonymousSessionToken);
}

/** Refuses a credential type the connector does not enable. */
export function assertFlowEnabled(deps: LoginDeps, connectorId: string, flow: Flow): void {
  const connector = deps.connectors.connectorById(connectorId);
  assertConnectorFlow(connector, flow);
}

/**
 * Shared tail of every login flow: the verified id_token becomes one stable consumer (same
 * account+iss+sub → same consumerId), its verified claims are stored, an anonymous consumer
 * presented by the same client is stepped up in place (its conversations move, see `stepUp`
 * below), and a session is issued that expires no later than the id_token.
 *
 * @example
 * ```ts
 * const verified = await verifier.verify(idToken);
 * const result = await completeLogin(deps, verified, anonymousSession);
 * ```
 */
export async function completeLogin(
  deps: LoginDeps,
  verified: VerifiedIdToken,
  anonymous: SessionRecord | null,
): Promise<LoginResult> {
  const accountId = deps.account.id;
  const now = deps.clock.now();
  const claims = profileClaims(verified.claims);
  const consumer = await deps.consumers.upsertAuthenticated({
    accountId,
    issuer: verified.issuer,
    subject: verified.subject,
    newId: globalThis.crypto.randomUUID(),
    claims,
    now,
  });
  let steppedUpFrom: string | null = null;
  if (anonymous && !anonymous.authenticated && anonymous.consumerId !== consumer.id) {
    await stepUp(deps, anonymous, consumer.id);
    steppedUpFrom = anonymous.consumerId;
  }
  const expiresAt = Math.min(verified.expiresAt, epochSeconds(deps.clock) + deps.account.sessionMaxSeconds);
  const brandSid = typeof verified.claims.sid === 'string' ? verified.claims.sid : null;
  // back-channel logout names the IdP's `sub`, whatever claim the consumer is keyed by
  const brandSub = typeof verified.claims.sub === 'string' ? verified.claims.sub : null;
  const issued = await issueSession(deps, {
    accountId,
    consumerId: consumer.id,
    authenticated: true,
    connectorId: verified.connectorId,
    brandSid,
    brandSub,
    expiresAt,
  });
  return { ...issued, consumerId: consumer.id, displayName: displayNameOf(claims), steppedUpFrom };
}

/**
 * The step-up of an anonymous consumer into the authenticated one: the link is recorded, the
 * anonymous conversations move in place ({@link stepUpConversations}: the consumer's sockets and
 * the agents are told), and the anonymous session ends with reason `step-up`, so its socket
 * re-authenticates with the new token instead of closing. A failure to move or tell is
 * reported (`onEffectError`), never a failed login.
 */
async function stepUp(deps: LoginDeps, anonymous: SessionRecord, toConsumerId: string): Promise<void> {
  const accountId = deps.account.id;
  const fromConsumerId = anonymous.consumerId;
  await deps.consumers.linkAnonymous({
    accountId,
    anonymousId: fromConsumerId,
    authenticatedId: toConsumerId,
  });
  await reportingFailure(deps, () => stepUpConversations(deps, { accountId, fromConsumerId, toConsumerId }));
  await revokeSession(deps, anonymous, 'step-up');
}
