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
