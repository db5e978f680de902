export {
  AUDIT_EVENT_TYPES,
  type AuditEvent,
  type AuditEventType,
  type AuditFlow,
  type AuditCursor,
  type AuditListQuery,
  type AuditStore,
} from './audit-store.ts';
export {
  createAuditLog,
  type AuditLog,
  type AuditLogOptions,
  type AuditEventInput,
} from './create-audit-log.ts';
export { createAuditIdGenerator } from './create-audit-id.ts';
