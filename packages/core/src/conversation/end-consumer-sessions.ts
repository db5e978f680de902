import { topics } from './event-bus.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { announceAuthState } from './announce-auth-state.ts';

/**
 * After sessions were revoked (logout, back-channel logout, admin revocation): the sockets
 * holding them close with 4401 and agents see `consumer.auth_state: logged_out`. Call it after
 * the SessionStore revoked them.
 *
 * @example
 * ```ts
 * const session = await revokeSessionToken(sessionDeps, accountId, token);
 * await endConsumerSessions(deps, { accountId, consumerId: session.consumerId, sessionIds: [session.id], reason: 'logout' });
 * ```
 */
export async function endConsumerSessions(
  deps: ConversationDeps,
  input: {
    accountId: string;
    consumerId: string;
    sessionIds: readonly string[] | 'all';
    reason: 'logout' | 'backchannel-logout' | 'revoked';
  },
): Promise<void> {
  await deps.bus.publish(topics.consumer(input.consumerId), { kind: 'session-ended', ...input });
  await announceAuthState(deps, {
    accountId: input.accountId,
    consumerId: input.consumerId,
    state: 'logged_out',
  });
}
