import fp from 'fastify-plugin';
import type { AuditStore, Clock } from '@parley/core';

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
 * log (failed logins included, which anyone can cause) does not grow forever. The timer is
 * `unref()`ed and cleared on close; a run is skipped while the previous one is going; a
 * failure is logged and never crashes the app.
 *
 * @example
 * ```ts
 * await app.register(auditPurgePlugin, { audit: stores.audit, clock, accountIds: ['acme'], retentionDays: 365 });
 * ```
 */
export const auditPurgePlugin = fp<AuditPurgePluginOptions>(
  async (app, options) => {
    let running = false;
    const purge = async (): Promise<void> => {
      if (running) return;
      running = true;
      const before = options.clock.now() - options.retentionDays * DAY_MS;
      try {
        for (const accountId of options.accountIds) {
          const purged = await options.audit.purgeBefore(accountId, before);
          if (purged > 0) app.log.info({ accountId, purged }, 'purged old audit events');
        }
      } catch (err) {
        app.log.error({ err }, 'could not purge old audit events');
      } finally {
        running = false;
      }
    };
    const timer = setInterval(() => void purge(), options.intervalMs ?? AUDIT_PURGE_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
    });
  },
  { name: 'parley-audit-purge' },
);
