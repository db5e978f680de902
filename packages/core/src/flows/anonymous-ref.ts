import { isoFromEpochSeconds } from '../clock.ts';
import { ParleyError } from '../errors.ts';
import { verifySession } from '../session/session-service.ts';
import type { SessionRecord } from '../session/session-store.ts';
import { ANONYMOUS_REF_TTL_MS, type AnonymousRefStore } from './anonymous-ref-store.ts';
import type { LoginDeps } from './login-deps.ts';
import { randomToken, sha256Base64url } from './pkce-crypto.ts';

type AnonymousRefDeps = Pick<LoginDeps, 'account' | 'clock' | 'sessions' | 'signer'> & {
  anonymousRefs: AnonymousRefStore;
};

/**
 * `POST /authorize/anonymous-ref`: verifies an anonymous session token (bad, revoked or
 * expired → `SESSION_INVALID`) and returns an opaque reference to it, valid
 * once for {@link ANONYMOUS_REF_TTL_MS}. Only the reference's hash and the session id are stored.
 *
 * @example
 * ```ts
 * const { anonymousRef } = await createAnonymousRef(deps, anonymousSessionToken);
 * window.open(`/authorize?origin=...&anonymousRef=${anonymousRef}`); // on the page
 * ```
 */
export async function createAnonymousRef(
  deps: AnonymousRefDeps,
  anonymousSessionToken: string,
): Promise<{ anonymousRef: string; expiresAt: string }> {
  const session = await verifySession(deps, deps.account.id, anonymousSessionToken);
  const anonymousRef = randomToken(32);
  const now = deps.clock.now();
  const expiresAt = now + ANONYMOUS_REF_TTL_MS;
  await deps.anonymousRefs.put({
    id: await sha256Base64url(anonymousRef),
    accountId: deps.account.id,
    sessionId: session.id,
    createdAt: now,
    expiresAt,
  });
  return { anonymousRef, expiresAt: isoFromEpochSeconds(Math.floor(expiresAt / 1000)) };
}

/**
 * `GET /authorize?anonymousRef=`: takes the reference (single use) and re-reads its session.
 * Unknown, used, expired, of another account, or its session no longer live →
 * `SESSION_INVALID`, before any redirect.
 */
export async function takeAnonymousRef(
  deps: Pick<AnonymousRefDeps, 'account' | 'clock' | 'sessions' | 'anonymousRefs'>,
  anonymousRef: string,
): Promise<SessionRecord> {
  const record = await deps.anonymousRefs.take(deps.account.id, await sha256Base64url(anonymousRef));
  const now = deps.clock.now();
  if (record === null || record.expiresAt <= now) {
    throw new ParleyError('SESSION_INVALID', 'the anonymous reference is unknown, used or expired');
  }
  const session = await deps.sessions.get(record.sessionId);
  if (!isLiveSession(session, deps.account.id, now)) {
    throw new ParleyError('SESSION_INVALID', 'the anonymous session has ended');
  }
  return session;
}

/** True for a session of `accountId` that is neither revoked nor expired at `now`. */
export function isLiveSession(
  session: SessionRecord | null,
  accountId: string,
  now: number,
): session is SessionRecord {
  return (
    session !== null &&
    session.accountId === accountId &&
    session.revokedAt === null &&
    session.expiresAt > now
  );
}
