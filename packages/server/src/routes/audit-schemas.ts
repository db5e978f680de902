import Type from 'typebox';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '@parley/core';
import { AuditEventViewSchema, type AuditEventView } from '@parley/protocol';

/**
 * An audit event on the wire (docs/audit.md): the protocol's shape, its `type` narrowed to
 * core's event types for the OpenAPI document (clients read it as a string).
 */
export const auditEventSchema = Type.Object(
  {
    ...AuditEventViewSchema.properties,
    type: Type.Unsafe<string>({ type: 'string', enum: [...AUDIT_EVENT_TYPES] }),
  },
  { additionalProperties: false },
);

/**
 * An event as the admin API shows it: `at` as ISO 8601.
 *
 * @example
 * ```ts
 * toAuditEventView({ id, accountId: 'acme', at: 0, type: 'consumer.logout' }).at; // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function toAuditEventView(event: AuditEvent): AuditEventView {
  return { ...event, at: new Date(event.at).toISOString() };
}
