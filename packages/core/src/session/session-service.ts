import { ParleyError } from '../errors.ts';
import { isoFromEpochSeconds, type Clock } from '../clock.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';
import type { SessionTokenSigner } from './session-token-signer.ts';
import { revokeSession, type SessionEffectDeps } from './session-effects.ts';

export interface IssuedSession {
  session: SessionRecord;
  sessionToken: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}

export interface SessionDeps {
  sessions: SessionStore;
  signer: SessionTokenSigner;
  clock: Clock;
}

/**
 * Creates a session record and its signed token. `expiresAt` (epoch seconds) is already the
 * minimum of the brand token's `exp` and the account's `sessionMaxSeconds`.
 */
export async function issueSession(
  deps: SessionDeps,
  input: {
    accountId: string;
    consumerId: string;
    authenticated: boolean;
    connectorId?: string | null;
    brandSid?: string | null;
    brandSub?: string | null;
    expiresAt: number;
  },
): Promise<IssuedSession> {
  const session: SessionRecord = {
    id: globalThis.crypto.randomUUID(),
    accountId: input.accountId,
    consumerId: input.consumerId,
    authenticated: input.authenticated,
    connectorId: input.connectorId ?? null,
    brandSid: input.brandSid ?? null,
    brandSub: input.brandSub ?? null,
    createdAt: deps.clock.now(),
    expiresAt: input.expiresAt * 1000,
    revokedAt: null,
  };
  await deps.sessions.create(session);
  const sessionToken = await deps.signer.sign({
    sessionId: session.id,
    accountId: session.accountId,
    consumerId: session.consumerId,
    authenticated: session.authenticated,
    expiresAt: input.expiresAt,
  });
  return { session, sessionToken, expiresAt: isoFromEpochSeconds(input.expiresAt) };
}

/**
 * Resolves a session token to its live record: signature, account, revocation and expiry all
 * checked. Every failure is the same `SESSION_INVALID` so nothing about the session leaks.
 */
export async function verifySession(
  deps: SessionDeps,
  accountId: string,
  token: string,
): Promise<SessionRecord> {
  const claims = await deps.signer.verify(accountId, token);
  const session = claims.accountId === accountId ? await deps.sessions.get(claims.sessionId) : null;
  if (
    session === null ||
    session.accountId !== accountId ||
    session.revokedAt !== null ||
    session.expiresAt <= deps.clock.now()
  ) {
    throw new ParleyError('SESSION_INVALID', 'session token is invalid, revoked or expired');
  }
  return session;
}

/**
 * Consumer logout: revokes the session behind a token, then its sockets close with 4401 and
 * agents see `logged_out` (a failure to tell them is reported, the logout stands).
 */
export async function revokeSessionToken(
  deps: SessionDeps & SessionEffectDeps,
  accountId: string,
  token: string,
): Promise<SessionRecord> {
  const session = await verifySession(deps, accountId, token);
  await revokeSession(deps, session, 'logout');
  return session;
}
