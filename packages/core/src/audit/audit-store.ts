/**
 * Every audit event type. Closed: a retired type is never reused (docs/audit.md lists each
 * type, its fields and when it is recorded).
 */
export const AUDIT_EVENT_TYPES = [
  'consumer.login',
  'consumer.login_failed',
  'consumer.step_up',
  'consumer.logout',
  'consumer.backchannel_logout',
  'agent.login',
  'agent.login_failed',
  'agent.logout',
  'admin.consumer_viewed',
  'admin.consumer_exported',
  'admin.consumer_erased',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** How the consumer signed in: the connector flows, or the popup window (code + PKCE). */
export type AuditFlow = 'implicit' | 'code' | 'pkce' | 'popup';

/**
 * One audit event. Ids and catalogue codes only: **never** a token, code, secret, claim
 * value, email or IP address (an event outlives the session and is exported to the consumer).
 */
export interface AuditEvent {
  /** UUIDv7: time-ordered, so same-millisecond events of one node keep their order. */
  id: string;
  accountId: string;
  /** Epoch ms (ISO 8601 on the wire). */
  at: number;
  type: AuditEventType;
  consumerId?: string;
  agentId?: string;
  sessionId?: string;
  connectorId?: string;
  flow?: AuditFlow;
  /** Error catalogue code of a failure (`consumer.login_failed`, `agent.login_failed`). */
  code?: string;
  /** Small id/count facts (`{ anonymousConsumerId }`, `{ revokedSessions: 2 }`); no personal data. */
  detail?: Readonly<Record<string, string | number | boolean>>;
}

/** Position in the newest-first order: events strictly older than it come next. */
export interface AuditCursor {
  at: number;
  id: string;
}

/** A page query of {@link AuditStore.list}. */
export interface AuditListQuery {
  /** At most this many events (the caller bounds it). */
  limit: number;
  /** Only events older than this position (the last event of the previous page). */
  before?: AuditCursor;
  type?: AuditEventType;
  consumerId?: string;
}

/**
 * Port: the audit log's storage. Events are append-only, except for the erasure of one
 * consumer's events and retention purges.
 *
 * @example
 * ```ts
 * await audit.record(event);
 * const page = await audit.list('acme', { limit: 50, type: 'consumer.login' });
 * ```
 */
export interface AuditStore {
  /** Appends one event (a duplicate id is refused). */
  record(event: AuditEvent): Promise<void>;
  /** Every event of one consumer, oldest first (`at`, then `id`); for the admin export. */
  listByConsumer(accountId: string, consumerId: string): Promise<AuditEvent[]>;
  /**
   * One page of an account's events, newest first (`at` descending, then `id` descending, in
   * byte order), optionally of one type and/or one consumer.
   */
  list(accountId: string, query: AuditListQuery): Promise<AuditEvent[]>;
  /** Deletes every event of one consumer (admin erase). */
  deleteByConsumer(accountId: string, consumerId: string): Promise<void>;
  /**
   * Deletes the account's events older than `before` (epoch ms); returns how many. Per
   * account, so it walks the account index (retention, docs/audit.md).
   */
  purgeBefore(accountId: string, before: number): Promise<number>;
}
