import fp from 'fastify-plugin';
import type { Clock, SessionStore } from '@parley/core';
import { runPeriodically } from './periodic-task.ts';

/** How often expired sessions are purged: every 10 minutes. */
export const SESSION_PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** How long an expired session is kept (logout and audit reads still find it): 24 h. */
export const SESSION_PURGE_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface SessionPurgePluginOptions {
  sessions: SessionStore;
  clock: Clock;
  /** Default {@link SESSION_PURGE_INTERVAL_MS}. */
  intervalMs?: number;
  /** Default {@link SESSION_PURGE_RETENTION_MS}. */
  retentionMs?: number;
}

/**
 * Periodically deletes sessions that expired more than `retentionMs` ago (revoked or not), so
 * the sessions table does not grow forever ({@link runPeriodically}: unref'ed timer cleared on
 * close, no overlapping runs, failures logged with no session data, never crashing the app).
 */
export const sessionPurgePlugin = fp<SessionPurgePluginOptions>(
  async (app, options) => {
    const intervalMs = options.intervalMs ?? SESSION_PURGE_INTERVAL_MS;
    const retentionMs = options.retentionMs ?? SESSION_PURGE_RETENTION_MS;
    runPeriodically(app, {
      intervalMs,
      what: 'purge expired sessions',
      task: async () => {
        const purged = await options.sessions.purgeExpired(options.clock.now() - retentionMs);
        if (purged > 0) app.log.info({ purged }, 'purged expired sessions');
      },
    });
  },
  { name: 'parley-session-purge' },
);
