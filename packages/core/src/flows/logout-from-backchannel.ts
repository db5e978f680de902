import { ParleyError } from '../errors.ts';
import type { ConsumerStore } from '../identity/consumer-store.ts';
import { endRevokedSessions, type SessionEffectDeps } from '../session/session-effects.ts';
import { assertNotReplayed } from '../token/assert-not-replayed.ts';
import type { ReplayCache } from '../token/replay-cache.ts';
import type { VerifiedIdToken } from '../token/verified-token.ts';
import type { AccountConfig } from '../config/schema.ts';
import type { AccountConnectors } from '../account/account-connectors.ts';

/** OIDC Back-Channel Logout 1.0 §2.4 event member name. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The verifier as the back-channel logout needs it (`expectedTyp: 'logout'`). */
export interface LogoutTokenVerifierLike {
  verify(token: string, options: { expectedTyp: 'logout'; connectorId?: string }): Promise<VerifiedIdToken>;
}

/** Dependencies of {@link logoutFromBackchannel} (sessions, bus: telling the sockets). */
export interface BackchannelLogoutDeps extends SessionEffectDeps {
  account: AccountConfig;
  connectors: AccountConnectors;
  verifier: LogoutTokenVerifierLike;
  consumers: ConsumerStore;
  replay: ReplayCache;
}

/**
 * `POST /backchannel-logout`: verifies a brand `logout_token` (signature, `iss`, `aud`, `iat`,
 * `typ` `logout+jwt` if present) with the account's verifier, then the Back-Channel Logout
 * 1.0 §2.6 rules: `events` must be an object holding the back-channel-logout member (an
 * object), `sub` and/or `sid` present, no `nonce`, a `jti` seen once (always, whatever the
 * connector's `replayProtection`). Revokes the sessions created from `sid`, else those of the
 * brand `sub`: every session of the consumer `sub` when the connector's `subjectClaim` is
 * `sub`, else the sessions created from id_tokens with that `sub` on this connector (an
 * unknown `sub` revokes nothing and creates no consumer). The sockets holding the revoked
 * sessions close with 4401 and agents see `logged_out` (a failure to tell them is reported,
 * the logout stands). Returns the revoked session ids.
 *
 * @throws ParleyError `TOKEN_*` (`TOKEN_MALFORMED` for a logout-token rule, `TOKEN_REPLAYED`).
 */
export async function logoutFromBackchannel(
  deps: BackchannelLogoutDeps,
  input: { logoutToken: string; connectorId?: string },
): Promise<{ revoked: string[] }> {
  const verified = await deps.verifier.verify(input.logoutToken, {
    expectedTyp: 'logout',
    ...(input.connectorId === undefined ? {} : { connectorId: input.connectorId }),
  });
  const claims = verified.claims;
  assertLogoutClaims(claims);
  const connector = deps.connectors.findById(verified.connectorId);
  if (connector && !connector.replayProtection) {
    await assertNotReplayed(deps.replay, {
      accountId: deps.account.id,
      connectorId: connector.id,
      jti: claims.jti,
      signatureSha256: verified.signatureSha256,
      expiresAt: verified.expiresAt,
      toleranceSeconds: connector.clockToleranceSeconds,
    });
  }
  const now = deps.clock.now();
  const revoked =
    typeof claims.sid === 'string'
      ? await deps.sessions.revokeByBrandSid(deps.account.id, verified.connectorId, claims.sid, now)
      : await revokeBySub(deps, verified, claims.sub as string, now);
  await endRevokedSessions(deps, revoked, 'backchannel-logout');
  return { revoked };
}

/**
 * A logout by `sub` names the IdP's `sub`. With `subjectClaim` `sub` that is the consumer's
 * identity (all its sessions end, including ones from before sessions kept the brand `sub`);
 * with another `subjectClaim` (e.g. `customer_id`) the consumer is keyed by that claim, so the
 * sessions recorded with this brand `sub` on this connector end instead.
 */
async function revokeBySub(
  deps: BackchannelLogoutDeps,
  verified: VerifiedIdToken,
  sub: string,
  now: number,
): Promise<string[]> {
  const connector = deps.connectors.findById(verified.connectorId);
  if (connector !== undefined && connector.subjectClaim !== 'sub') {
    return deps.sessions.revokeByBrandSub(deps.account.id, connector.id, sub, now);
  }
  // Never findOrCreate: a logout for a `sub` Parley has not seen must not create a consumer.
  const consumer = await deps.consumers.findByIdentity(deps.account.id, verified.issuer, sub);
  if (consumer === null) return [];
  return deps.sessions.revokeByConsumer(deps.account.id, consumer.id, now);
}

function assertLogoutClaims(
  claims: Record<string, unknown>,
): asserts claims is Record<string, unknown> & { jti: string } {
  const events = claims.events;
  if (typeof events !== 'object' || events === null || Array.isArray(events)) {
    throw new ParleyError('TOKEN_MALFORMED', 'logout token has no "events" object');
  }
  const member = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT];
  if (typeof member !== 'object' || member === null || Array.isArray(member)) {
    throw new ParleyError('TOKEN_MALFORMED', 'logout token "events" lacks the back-channel logout event');
  }
  if ('nonce' in claims) throw new ParleyError('TOKEN_MALFORMED', 'logout token must not contain "nonce"');
  if (typeof claims.jti !== 'string' || claims.jti === '') {
    throw new ParleyError('TOKEN_MALFORMED', 'logout token has no "jti"');
  }
  const hasSub = typeof claims.sub === 'string' && claims.sub !== '';
  const hasSid = typeof claims.sid === 'string' && claims.sid !== '';
  if (!hasSub && !hasSid)
    throw new ParleyError('TOKEN_MALFORMED', 'logout token has neither "sub" nor "sid"');
}
