/** A revoked agent session: its token (`jti`) is refused until it would have expired anyway. */
export interface AgentSessionRevocation {
  /** The agent session token's `jti`. */
  tokenId: string;
  accountId: string;
  agentId: string;
  /** The token's expiry, epoch ms: after it the record is useless and may be purged. */
  expiresAt: number;
  /** Epoch ms. */
  revokedAt: number;
}

/**
 * Port: revoked agent sessions (agent logout). Agent session tokens are signed and stateless;
 * this deny-list, shared by every node through the SQL store, is what ends one before its
 * expiry. It only ever holds tokens not yet expired, so it stays small.
 */
export interface AgentSessionStore {
  /** Records the revocation; revoking the same token again changes nothing. */
  revoke(revocation: AgentSessionRevocation): Promise<void>;
  /** True once `tokenId` was revoked (until its record is purged after the token's expiry). */
  isRevoked(tokenId: string): Promise<boolean>;
  /** Deletes the records of tokens that expired before `before` (epoch ms); returns how many. */
  purgeExpired(before: number): Promise<number>;
}
