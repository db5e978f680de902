import type { ReplayCache } from '../token/replay-cache.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { announceAuthState } from './announce-auth-state.ts';

/** How long the "already announced" mark outlives the expiry it dedupes. */
const MARK_TTL_MS = 24 * 3600 * 1000;

/**
 * A consumer socket's session reached `expiresAt`: agents get `consumer.auth_state: expired`
 * once per state change, not once per socket. Every socket (tab, device) of that session calls
 * this; the first one to record `(session, expiresAt)` in the replay cache announces, the others
 * stay silent. The replay cache is shared by every node (Redis or the SQL store), so the dedupe
 * holds across nodes too. Nothing is announced while the consumer still holds another live
 * session: it has not changed state.
 */
export async function announceSessionExpired(
  deps: ConversationDeps,
  stores: { replay: ReplayCache; sessions: SessionStore },
  input: { accountId: string; consumerId: string; sessionId: string; expiresAt: number },
): Promise<boolean> {
  const now = deps.clock.now();
  const others = await stores.sessions.listByConsumer(input.accountId, input.consumerId);
  const stillSignedIn = others.some(
    (s) => s.id !== input.sessionId && s.revokedAt === null && s.expiresAt > Math.max(now, input.expiresAt),
  );
  if (stillSignedIn) return false;
  const key = `auth-state:expired:${input.sessionId}:${input.expiresAt}`;
  if (!(await stores.replay.remember(key, input.expiresAt + MARK_TTL_MS))) return false;
  await announceAuthState(deps, {
    accountId: input.accountId,
    consumerId: input.consumerId,
    state: 'expired',
  });
  return true;
}
