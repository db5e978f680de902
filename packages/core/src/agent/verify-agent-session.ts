import { ParleyError } from '../errors.ts';
import { agentCredential, type AgentRecord } from './agent-directory.ts';
import type { AgentDeps } from './agent-deps.ts';

export interface AgentSession {
  agent: AgentRecord;
  /** The token's `jti`: what logout revokes. */
  tokenId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * Resolves an agent session token for `accountId`: key of this account's agent series,
 * signature, `typ`, expiry, account, the agent still being in the directory with the password
 * and role the token was issued for, and the session not revoked (logout). Any failure is
 * `SESSION_INVALID`.
 */
export async function verifyAgentSession(
  deps: AgentDeps,
  accountId: string,
  token: string,
): Promise<AgentSession> {
  const claims = await deps.signer.verify(accountId, token);
  const agent = claims.accountId === accountId ? await deps.agents.get(accountId, claims.agentId) : null;
  if (
    agent === null ||
    !claims.issuedFor(agentCredential(agent)) ||
    claims.expiresAt * 1000 <= deps.clock.now() ||
    (await deps.sessions.isRevoked(claims.tokenId))
  ) {
    throw new ParleyError('SESSION_INVALID', 'agent session token is invalid, expired or revoked');
  }
  return { agent, tokenId: claims.tokenId, expiresAt: claims.expiresAt * 1000 };
}
