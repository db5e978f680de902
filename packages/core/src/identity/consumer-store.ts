/**
 * Port: consumer profiles. One record per (account, issuer, subject) for authenticated
 * consumers, plus anonymous consumers (issuer and subject null).
 */
export interface ConsumerRecord {
  id: string;
  accountId: string;
  /** Brand issuer (`iss`); null for an anonymous consumer. */
  issuer: string | null;
  /** Brand subject; null for an anonymous consumer. */
  subject: string | null;
  /** Verified claims of the latest successful login (protocol claims like exp/nonce removed). */
  claims: Record<string, unknown>;
  /** Attributes a page pushed without a token: shown apart, never merged into `claims`. */
  unverified: Record<string, unknown>;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the latest successful login; null if never authenticated. */
  lastAuthenticatedAt: number | null;
  /** Step-up: the authenticated consumer this anonymous one was merged into. */
  mergedInto: string | null;
}

export interface ConsumerStore {
  /**
   * Returns the consumer of (account, issuer, subject), creating it with `newId` if absent.
   * Must be atomic: two concurrent calls for one identity return one id.
   */
  findOrCreateByIdentity(input: {
    accountId: string;
    issuer: string;
    subject: string;
    newId: string;
    now: number;
  }): Promise<ConsumerRecord>;
  /**
   * One successful login, atomically: finds or creates (with `newId`) the consumer of
   * (account, issuer, subject), replaces its verified claims and sets `lastAuthenticatedAt`
   * to `now`; `createdAt`, `unverified` and `mergedInto` of an existing consumer are kept.
   * One write where the engine allows (SQL: `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`);
   * concurrent calls for one identity return one id.
   *
   * @example
   * ```ts
   * const consumer = await consumers.upsertAuthenticated({
   *   accountId: 'acme', issuer: verified.issuer, subject: verified.subject,
   *   newId: crypto.randomUUID(), claims, now: clock.now(),
   * });
   * ```
   */
  upsertAuthenticated(input: {
    accountId: string;
    issuer: string;
    subject: string;
    newId: string;
    claims: Record<string, unknown>;
    now: number;
  }): Promise<ConsumerRecord>;
  /**
   * The consumer of (account, issuer, subject), or null: never creates one (back-channel
   * logout for an unknown `sub` must not sign anybody up).
   */
  findByIdentity(accountId: string, issuer: string, subject: string): Promise<ConsumerRecord | null>;
  createAnonymous(input: { accountId: string; id: string; now: number }): Promise<ConsumerRecord>;
  get(accountId: string, consumerId: string): Promise<ConsumerRecord | null>;
  /** Replaces the verified claims and sets `lastAuthenticatedAt`. */
  saveVerifiedClaims(input: {
    accountId: string;
    consumerId: string;
    claims: Record<string, unknown>;
    now: number;
  }): Promise<void>;
  setUnverified(accountId: string, consumerId: string, attributes: Record<string, unknown>): Promise<void>;
  /** Records that an anonymous consumer was stepped up into an authenticated one. */
  linkAnonymous(input: { accountId: string; anonymousId: string; authenticatedId: string }): Promise<void>;
  /** Deletes the consumer; true if it existed. */
  delete(accountId: string, consumerId: string): Promise<boolean>;
}
