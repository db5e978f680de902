import { topics, type RealtimeEvent } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { announceAuthState } from './announce-auth-state.ts';

/** Why sessions ended, as the consumer's sockets are told. */
export type SessionEndReason = Extract<RealtimeEvent, { kind: 'session-ended' }>['reason'];

/**
 * After sessions were revoked (logout, back-channel logout, admin revocation): the sockets
 * holding them close with 4401 and agents see `consumer.auth_state: logged_out`. After a
 * step-up (`reason` `step-up`) the sockets stay open to re-authenticate with the new token and
 * agents hear nothing here: `stepUpConversations` told them `authenticated`. Call it after the
 * SessionStore revoked them (`revokeSession` and `endRevokedSessions` in session/ do).
 *
 * @example
 * ```ts
 * await endConsumerSessions(deps, { accountId, consumerId: session.consumerId, sessionIds: [session.id], reason: 'logout' });
 * ```
 */
export async function endConsumerSessions(
  deps: ConversationDeps,
  input: {
    accountId: string;
    consumerId: string;
    sessionIds: readonly string[] | 'all';
    reason: SessionEndReason;
  },
): Promise<void> {
  await deps.bus.publish(topics.consumer(input.consumerId), { kind: 'session-ended', ...input });
  if (input.reason === 'step-up') return;
  await announceAuthState(deps, {
    accountId: input.accountId,
    consumerId: input.consumerId,
    state: 'logged_out',
  });
}
