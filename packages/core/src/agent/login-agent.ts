import { ParleyError } from '../errors.ts';
import { epochSeconds, isoFromEpochSeconds } from '../clock.ts';
import { DEFAULT_AGENT_SESSION_SECONDS, type AgentDeps } from './agent-deps.ts';
import { agentCredential, type AgentRecord } from './agent-directory.ts';

export interface AgentLogin {
  agentId: string;
  sessionToken: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
  name: string;
  role: AgentRecord['role'];
}

/**
 * `POST /agents/login`: checks the password (doing the scrypt work even for an unknown email)
 * and issues an agent session token. Unknown email and wrong password are the same
 * `AGENT_CREDENTIALS_INVALID`.
 */
export async function loginAgent(
  deps: AgentDeps,
  input: { accountId: string; email: string; password: string },
): Promise<AgentLogin> {
  const agent = await deps.agents.findByEmail(input.accountId, input.email.trim().toLowerCase());
  // an unknown email is checked against the account's decoy: same parameters, same work
  const encoded = agent?.passwordHash ?? (await deps.agents.decoyHash(input.accountId));
  const ok = await deps.passwords.verify(input.password, encoded);
  if (!ok || agent === null) throw new ParleyError('AGENT_CREDENTIALS_INVALID', 'email or password is wrong');
  const expiresAt = epochSeconds(deps.clock) + (deps.sessionSeconds ?? DEFAULT_AGENT_SESSION_SECONDS);
  const sessionToken = await deps.signer.sign(
    {
      tokenId: globalThis.crypto.randomUUID(),
      accountId: agent.accountId,
      agentId: agent.id,
      role: agent.role,
      expiresAt,
    },
    agentCredential(agent), // a later password or role change ends this token
  );
  return {
    agentId: agent.id,
    sessionToken,
    expiresAt: isoFromEpochSeconds(expiresAt),
    name: agent.name,
    role: agent.role,
  };
}
