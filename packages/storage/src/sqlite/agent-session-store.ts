import type Database from 'better-sqlite3';
import type { AgentSessionStore } from '@parley/core';

/**
 * SQLite {@link AgentSessionStore}: one row per revoked agent token, purged after its expiry.
 */
export function createSqliteAgentSessionStore(db: Database.Database): AgentSessionStore {
  const insert = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO agent_session_revocations (token_id, account_id, agent_id, expires_at, revoked_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING`,
  );
  const find = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM agent_session_revocations WHERE token_id = ?',
  );
  const purge = db.prepare<[number]>('DELETE FROM agent_session_revocations WHERE expires_at < ?');
  return {
    async revoke(r) {
      insert.run(r.tokenId, r.accountId, r.agentId, r.expiresAt, r.revokedAt);
    },
    async isRevoked(tokenId) {
      return find.get(tokenId) !== undefined;
    },
    async purgeExpired(before) {
      return purge.run(before).changes;
    },
  };
}
