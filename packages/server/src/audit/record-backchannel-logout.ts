import type { AuditLog, SessionStore } from '@parley/core';

/**
 * Records one `consumer.backchannel_logout` per consumer whose sessions a valid logout_token
 * revoked (`detail.revokedSessions`), or one without a consumer when it revoked none (unknown
 * `sub` or `sid`). Reads each revoked session to name its consumer: a back-channel logout is
 * rare and never on the login path, so the extra reads are cheap where they happen.
 */
export async function recordBackchannelLogout(
  audit: AuditLog,
  sessions: SessionStore,
  accountId: string,
  revokedSessionIds: readonly string[],
): Promise<void> {
  const byConsumer = await groupByConsumer(sessions, revokedSessionIds).catch(() => null);
  if (byConsumer === null) {
    // the sessions are revoked; failing to name their consumers must not fail the logout
    await audit.record({
      accountId,
      type: 'consumer.backchannel_logout',
      detail: { revokedSessions: revokedSessionIds.length },
    });
    return;
  }
  if (byConsumer.size === 0) {
    await audit.record({ accountId, type: 'consumer.backchannel_logout', detail: { revokedSessions: 0 } });
    return;
  }
  for (const [consumerId, { connectorId, count }] of byConsumer) {
    await audit.record({
      accountId,
      type: 'consumer.backchannel_logout',
      consumerId,
      connectorId: connectorId ?? undefined,
      detail: { revokedSessions: count },
    });
  }
}

/** Revoked sessions counted per consumer (with the connector of the first one). */
async function groupByConsumer(
  sessions: SessionStore,
  ids: readonly string[],
): Promise<Map<string, { connectorId: string | null; count: number }>> {
  const byConsumer = new Map<string, { connectorId: string | null; count: number }>();
  for (const id of ids) {
    const session = await sessions.get(id);
    if (session === null) continue;
    const seen = byConsumer.get(session.consumerId);
    if (seen) seen.count += 1;
    else byConsumer.set(session.consumerId, { connectorId: session.connectorId, count: 1 });
  }
  return byConsumer;
}
