import Type from 'typebox';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '@parley/core';
import type { AuditEventView } from '@parley/protocol';

const id = { type: 'string' } as const;

/** An audit event on the wire (docs/audit.md). */
export const auditEventSchema = {
  type: 'object',
  properties: {
    id,
    accountId: id,
    at: { type: 'string', format: 'date-time', description: 'ISO 8601 UTC' },
    // a string on the wire (clients do not know the list); one of these on the way out
    type: Type.Unsafe<string>({ type: 'string', enum: [...AUDIT_EVENT_TYPES] }),
    consumerId: id,
    agentId: id,
    sessionId: id,
    connectorId: id,
    flow: { type: 'string', enum: ['implicit', 'code', 'pkce', 'popup'] },
    code: { type: 'string', description: 'error catalogue code of a failure' },
    detail: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      description: 'ids and counts only',
    },
  },
  required: ['id', 'accountId', 'at', 'type'],
  additionalProperties: false,
} as const;

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
