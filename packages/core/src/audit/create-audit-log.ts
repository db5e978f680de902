import type { Clock } from '../clock.ts';
import type { AuditEvent, AuditStore } from './audit-store.ts';
import { createAuditIdGenerator } from './create-audit-id.ts';

/** An event as a use case states it: the log adds `id` and `at`. */
export type AuditEventInput = Omit<AuditEvent, 'id' | 'at'>;

/** The write side of the audit log that flows and routes use. Never rejects. */
export interface AuditLog {
  record(event: AuditEventInput): Promise<void>;
}

export interface AuditLogOptions {
  store: AuditStore;
  clock: Clock;
  /** Told of a failed write (log it, count it); the event is then lost. */
  onError: (err: unknown, event: AuditEvent) => void;
  /** Id source, given the event time (tests); default time-ordered UUIDv7 ({@link createAuditIdGenerator}). */
  newId?: (at: number) => string;
}

/**
 * The audit log over its store. A failed write does **not** fail the action being audited: a
 * login that cannot be audited is still a login the consumer expects, and the event lives on
 * the same durable store as the session just written, so it normally cannot fail alone. The
 * failure goes to `onError` (the server logs it and counts `parley_audit_write_failures_total`).
 * The write is awaited, so an event is durable before the response that reports the action.
 *
 * @example
 * ```ts
 * const audit = createAuditLog({ store: stores.audit, clock, onError: (err) => log.error({ err }) });
 * await audit.record({ accountId: 'acme', type: 'consumer.logout', consumerId, sessionId });
 * ```
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const newId = options.newId ?? createAuditIdGenerator();
  return {
    async record(input) {
      const at = options.clock.now();
      const event = withoutUndefined({ ...input, id: newId(at), at });
      try {
        await options.store.record(event);
      } catch (err) {
        options.onError(err, event);
      }
    },
  };
}

/** Drops `undefined` fields, so a stored event and the one read back are equal. */
function withoutUndefined(event: AuditEvent): AuditEvent {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as AuditEvent;
}
