import { ParleyError } from '../errors.ts';
import type { AgentRecord } from './agent-directory.ts';
import type { AgentDeps } from './agent-deps.ts';

export interface AgentSession {
  agent: AgentRecord;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * Resolves an agent session token for `accountId`: signature, `typ`, expiry, account, and the
 * agent still being in the directory. Any failure is `SESSION_INVALID`.
 *
 * @example
 * ```ts
 * const { agent } = await verifyAgentSession(deps, 'acme', bearer);
 * ```
 */
export async function verifyAgentSession(
  deps: AgentDeps,
  accountId: string,
  token: string,
): Promise<AgentSession> {
  const claims = await deps.signer.verify(token);
  const agent = claims.accountId === accountId ? await deps.agents.get(accountId, claims.agentId) : null;
  if (agent === null || claims.expiresAt * 1000 <= deps.clock.now()) {
    throw new ParleyError('SESSION_INVALID', 'agent session token is invalid or expired');
  }
  return { agent, expiresAt: claims.expiresAt * 1000 };
}
