import { topics, type EventBus } from '../conversation/event-bus.ts';
import type { AgentDeps } from './agent-deps.ts';
import { verifyAgentSession } from './verify-agent-session.ts';

/**
 * `POST /agents/logout`: revokes the presented agent session (every node refuses it from now
 * on: the revocation is in the shared store), then tells the account's agent sockets holding it
 * to close with 4401. A token of another account is `SESSION_INVALID` and revokes nothing.
 */
export async function logoutAgent(
  deps: AgentDeps,
  bus: EventBus,
  input: { accountId: string; token: string },
): Promise<{ agentId: string }> {
  const session = await verifyAgentSession(deps, input.accountId, input.token);
  await deps.sessions.revoke({
    tokenId: session.tokenId,
    accountId: input.accountId,
    agentId: session.agent.id,
    expiresAt: session.expiresAt,
    revokedAt: deps.clock.now(),
  });
  await bus.publish(topics.agentQueue(input.accountId), {
    kind: 'agent-session-ended',
    accountId: input.accountId,
    agentId: session.agent.id,
    tokenIds: [session.tokenId],
  });
  return { agentId: session.agent.id };
}
