import type { AgentSessionRevocation, AgentSessionStore } from '@parley/core';

/**
 * In-memory {@link AgentSessionStore} (tests, single-node demo).
 */
export function createMemoryAgentSessionStore(): AgentSessionStore {
  const revoked = new Map<string, AgentSessionRevocation>();
  return {
    async revoke(revocation) {
      if (!revoked.has(revocation.tokenId)) revoked.set(revocation.tokenId, { ...revocation });
    },
    async isRevoked(tokenId) {
      return revoked.has(tokenId);
    },
    async purgeExpired(before) {
      let count = 0;
      for (const [id, r] of revoked) {
        if (r.expiresAt < before && revoked.delete(id)) count++;
      }
      return count;
    },
  };
}
