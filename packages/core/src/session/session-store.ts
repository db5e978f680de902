/** Port: Parley sessions (the server-side half of a session token, so it can be revoked). */
export interface SessionRecord {
  id: string;
  accountId: string;
  consumerId: string;
  authenticated: boolean;
  /** Connector that authenticated the session; null for anonymous. */
  connectorId: string | null;
  /** Brand `sid` claim of the id_token, for back-channel logout by session. */
  brandSid: string | null;
  /**
   * Brand `sub` claim of the id_token, for back-channel logout by `sub` when the connector's
   * `subjectClaim` is another claim (the consumer is then keyed by that claim, not by `sub`).
   */
  brandSub: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms; null while the session is live. */
  revokedAt: number | null;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(sessionId: string): Promise<SessionRecord | null>;
  /**
   * Every session of a consumer, live, revoked or expired, oldest first (`createdAt`, then
   * `id`); empty for an unknown consumer or another account's.
   *
   * @example
   * ```ts
   * const all = await sessions.listByConsumer('acme', consumerId); // admin export
   * ```
   */
  listByConsumer(accountId: string, consumerId: string): Promise<SessionRecord[]>;
  /** Moves `expiresAt` (silent re-authentication). False if unknown or revoked. */
  extend(sessionId: string, expiresAt: number): Promise<boolean>;
  /** True if the session existed and was live. */
  revoke(sessionId: string, now: number): Promise<boolean>;
  /** Revokes every live session of a consumer; returns their ids. */
  revokeByConsumer(accountId: string, consumerId: string, now: number): Promise<string[]>;
  /** Revokes live sessions created from one brand `sid`; returns their ids. */
  revokeByBrandSid(accountId: string, connectorId: string, brandSid: string, now: number): Promise<string[]>;
  /**
   * Revokes live sessions created from id_tokens with this brand `sub` on one connector;
   * returns their ids.
   */
  revokeByBrandSub(accountId: string, connectorId: string, brandSub: string, now: number): Promise<string[]>;
  /** Deletes every session of a consumer (admin erase). */
  deleteByConsumer(accountId: string, consumerId: string): Promise<void>;
  /**
   * Deletes every session, of any account, whose `expiresAt` is before `before` (epoch ms),
   * revoked or not; returns how many it deleted. Idempotent.
   *
   * @example
   * ```ts
   * const purged = await sessions.purgeExpired(clock.now() - 24 * 3_600_000); // keep 24 h past expiry
   * ```
   */
  purgeExpired(before: number): Promise<number>;
}
