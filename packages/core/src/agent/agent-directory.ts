/** An agent who may log in to the Agent Workspace of one account. */
export interface AgentRecord {
  /** Stable id (the same across restarts for the same account + email). */
  id: string;
  accountId: string;
  /** Lower-cased. */
  email: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  /** `scrypt$N$r$p$salt$hash` (see the PasswordHasher port). */
  passwordHash: string;
  /**
   * A value that stays the same while the agent's password does and changes with it; default
   * `passwordHash`. A directory that re-hashes a plain password at each start (new salt) sets
   * it to something stable, so a restart with an unchanged config keeps agents logged in.
   * Never leaves the process as such: tokens carry only a keyed MAC of {@link agentCredential}.
   */
  credentialStamp?: string;
}

/**
 * What an agent session token is bound to: the agent's role and password (its
 * `credentialStamp`, else `passwordHash`). When either changes (config reload, restart with a
 * changed config), tokens issued before are refused with `SESSION_INVALID`.
 *
 * @example
 * ```ts
 * const token = await signer.sign(claims, agentCredential(agent));
 * ```
 */
export function agentCredential(agent: AgentRecord): string {
  return JSON.stringify([agent.accountId, agent.id, agent.role, agent.credentialStamp ?? agent.passwordHash]);
}

/** Port: the agents of every account (from config now; an admin API may write them later). */
export interface AgentDirectory {
  /** Email match is case-insensitive. */
  findByEmail(accountId: string, email: string): Promise<AgentRecord | null>;
  get(accountId: string, agentId: string): Promise<AgentRecord | null>;
  /**
   * A hash of a random password made with the same cost parameters as this account's agents,
   * checked for an unknown email so it costs the same work as a known one (no enumeration by
   * timing). Null when the account has no agents (the hasher's own dummy is used).
   */
  decoyHash(accountId: string): Promise<string | null>;
}

/** Port: password hashing for agents (scrypt in the server adapter). */
export interface PasswordHasher {
  /** Encodes a new hash of `password`. */
  hash(password: string): Promise<string>;
  /**
   * Constant-time check of `password` against `encoded`. With `encoded === null` (unknown
   * agent) it does the same work against a dummy hash and returns false, so timing does not
   * reveal whether an email exists.
   */
  verify(password: string, encoded: string | null): Promise<boolean>;
  /** A hash of a random password with the cost parameters of `like` (or the defaults if unparsable). */
  decoy(like: string): Promise<string>;
}
