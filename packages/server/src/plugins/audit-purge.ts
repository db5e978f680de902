import fp from 'fastify-plugin';
import type { AuditStore, Clock } from '@parley/core';
import { runPeriodically } from './periodic-task.ts';

/** How often old audit events are purged: every hour. */
export const AUDIT_PURGE_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditPurgePluginOptions {
  audit: AuditStore;
  clock: Clock;
  /** The configured accounts (each purged on its own index range). */
  accountIds: readonly string[];
  /** `config.audit.retentionDays`. */
  retentionDays: number;
  /** Default {@link AUDIT_PURGE_INTERVAL_MS}. */
  intervalMs?: number;
}

/**
 * Periodically deletes audit events older than `retentionDays`, account by account, so the
 * log (failed logins included, which anyone can cause) does not grow forever
 * ({@link runPeriodically}: unref'ed timer cleared on close, no overlapping runs, failures
 * logged, never crashing the app).
 */
export const auditPurgePlugin = fp<AuditPurgePluginOptions>(
  async (app, options) => {
    runPeriodically(app, {
      intervalMs: options.intervalMs ?? AUDIT_PURGE_INTERVAL_MS,
      what: 'purge old audit events',
      task: async () => {
        const before = options.clock.now() - options.retentionDays * DAY_MS;
        for (const accountId of options.accountIds) {
          const purged = await options.audit.purgeBefore(accountId, before);
          if (purged > 0) app.log.info({ accountId, purged }, 'purged old audit events');
        }
      },
    });
  },
  { name: 'parley-audit-purge' },
);
