import { WS_CLOSE } from '@parley/protocol';
import type { Clock } from '@parley/core';
import type { Connection } from './connection.ts';

/**
 * Arms `session.expiring` (`warningMs` before `expiresAt`) and, at `expiresAt`,
 * `session.expired` + close 4401. Delays come from the injected clock; a new `auth` re-arms.
 */
export function scheduleExpiry(
  connection: Connection,
  input: { clock: Clock; expiresAt: number; warningMs: number; onExpired?: () => Promise<void> },
): void {
  const now = input.clock.now();
  const expiresAt = new Date(input.expiresAt).toISOString();
  connection.setTimer('expiring', input.expiresAt - input.warningMs - now, () => {
    connection.send({ type: 'session.expiring', expiresAt });
  });
  connection.setTimer('expired', input.expiresAt - now, () => {
    connection.send({ type: 'session.expired' });
    connection.close(WS_CLOSE.UNAUTHORIZED, 'session expired');
    input.onExpired?.().catch((err: unknown) => connection.log.warn({ err }, 'could not announce expiry'));
  });
}
