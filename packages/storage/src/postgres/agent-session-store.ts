import type { Pool } from 'pg';
import type { AgentSessionStore } from '@parley/core';

/**
 * PostgreSQL {@link AgentSessionStore}: shared by every node, so a logout on one node is
 * refused on all of them.
 */
export function createPostgresAgentSessionStore(pool: Pool): AgentSessionStore {
  return {
    async revoke(r) {
      await pool.query(
        `INSERT INTO agent_session_revocations (token_id, account_id, agent_id, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_id) DO NOTHING`,
        [r.tokenId, r.accountId, r.agentId, r.expiresAt, r.revokedAt],
      );
    },
    async isRevoked(tokenId) {
      const { rowCount } = await pool.query('SELECT 1 FROM agent_session_revocations WHERE token_id = $1', [
        tokenId,
      ]);
      return (rowCount ?? 0) > 0;
    },
    async purgeExpired(before) {
      const { rowCount } = await pool.query('DELETE FROM agent_session_revocations WHERE expires_at < $1', [
        before,
      ]);
      return rowCount ?? 0;
    },
  };
}
