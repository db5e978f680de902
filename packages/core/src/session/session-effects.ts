import type { ConversationDeps } from '../conversation/conversation-deps.ts';
import { endConsumerSessions, type SessionEndReason } from '../conversation/end-consumer-sessions.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';

/**
 * What a use case that revokes consumer sessions or steps a consumer up needs for its side
 * effects: the conversations and bus that reach the sockets and agents, and where a failed
 * effect is reported.
 */
export interface SessionEffectDeps extends ConversationDeps {
  sessions: SessionStore;
  /**
   * Told when a side effect fails (the server logs it). The revocation or login it followed is
   * already in the store and stands: a failure to tell the sockets never undoes it.
   */
  onEffectError: (err: unknown) => void;
}

/** Runs a side effect; a failure goes to `onEffectError` instead of failing the caller. */
export async function reportingFailure(
  deps: Pick<SessionEffectDeps, 'onEffectError'>,
  effect: () => Promise<unknown>,
): Promise<void> {
  try {
    await effect();
  } catch (err) {
    deps.onEffectError(err);
  }
}

/**
 * Revokes one session and, if it was live, tells its consumer (see {@link endConsumerSessions}:
 * `logout` closes its sockets, `step-up` lets them re-authenticate). True if it was live.
 */
export async function revokeSession(
  deps: SessionEffectDeps,
  session: SessionRecord,
  reason: SessionEndReason,
): Promise<boolean> {
  const revoked = await deps.sessions.revoke(session.id, deps.clock.now());
  if (revoked) {
    await reportingFailure(deps, () =>
      endConsumerSessions(deps, {
        accountId: session.accountId,
        consumerId: session.consumerId,
        sessionIds: [session.id],
        reason,
      }),
    );
  }
  return revoked;
}

/**
 * After the store revoked sessions by consumer or brand identifier (`revokeBy*` return ids
 * only): each session's consumer is told, one `session-ended` per session.
 *
 * @example
 * ```ts
 * const revoked = await deps.sessions.revokeByBrandSid(accountId, connectorId, sid, now);
 * await endRevokedSessions(deps, revoked, 'backchannel-logout');
 * ```
 */
export async function endRevokedSessions(
  deps: SessionEffectDeps,
  sessionIds: readonly string[],
  reason: Exclude<SessionEndReason, 'step-up'>,
): Promise<void> {
  await reportingFailure(deps, async () => {
    for (const id of sessionIds) {
      const session = await deps.sessions.get(id);
      if (session === null) continue;
      const { accountId, consumerId } = session;
      await endConsumerSessions(deps, { accountId, consumerId, sessionIds: [id], reason });
    }
  });
}
