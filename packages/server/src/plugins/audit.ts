import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import { createAuditLog, type AuditLog, type Clock, type Stores } from '@parley/core';

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit log's write side (docs/audit.md); never rejects. */
    audit: AuditLog;
  }
}

/**
 * Decorates the app with `audit`, the audit log over `stores.audit`. A failed write is logged
 * (event type and ids only) and counted in `parley_audit_write_failures_total`, and the audited
 * action still succeeds: see `createAuditLog` for why.
 *
 * @example
 * ```ts
 * await app.register(auditPlugin, { stores, clock });
 * await app.audit.record({ accountId: 'acme', type: 'consumer.logout', consumerId });
 * ```
 */
export const auditPlugin = fp<{ stores: Stores; clock: Clock }>(
  async (app, { stores, clock }) => {
    const failures = new Counter({
      name: 'parley_audit_write_failures_total',
      help: 'Audit events that could not be stored (the audited action went ahead)',
      labelNames: ['type'] as const,
      registers: [app.metrics.registry],
    });
    const audit = createAuditLog({
      store: stores.audit,
      clock,
      onError(err, event) {
        failures.inc({ type: event.type });
        app.log.error({ err, auditEvent: event.id, type: event.type }, 'could not record an audit event');
      },
    });
    app.decorate('audit', audit);
  },
  { name: 'parley-audit', dependencies: ['parley-metrics'] },
);
