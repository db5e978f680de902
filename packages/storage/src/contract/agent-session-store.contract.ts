import { describe, expect, it } from 'vitest';
import type { AgentSessionRevocation, AgentSessionStore } from '@parley/core';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

const revocation = (tokenId: string, over: Partial<AgentSessionRevocation> = {}): AgentSessionRevocation => ({
  tokenId,
  accountId: 'acme',
  agentId: 'agt_1',
  expiresAt: T0 + HOUR,
  revokedAt: T0,
  ...over,
});

/** The AgentSessionStore part of the contract. */
export function agentSessionStoreContract(ctx: { agentSessions: () => AgentSessionStore }): void {
  describe('AgentSessionStore', () => {
    it('reports a revoked token as revoked, and any other as not', async () => {
      await ctx.agentSessions().revoke(revocation('t1'));
      expect(await ctx.agentSessions().isRevoked('t1')).toBe(true);
      expect(await ctx.agentSessions().isRevoked('t2')).toBe(false);
    });

    it('accepts the same revocation twice', async () => {
      await ctx.agentSessions().revoke(revocation('t1'));
      await expect(
        ctx.agentSessions().revoke(revocation('t1', { revokedAt: T0 + 5 })),
      ).resolves.toBeUndefined();
      expect(await ctx.agentSessions().isRevoked('t1')).toBe(true);
    });

    it('purges only the records of tokens expired before the given time', async () => {
      await ctx.agentSessions().revoke(revocation('old', { expiresAt: T0 }));
      await ctx.agentSessions().revoke(revocation('live', { expiresAt: T0 + HOUR }));
      expect(await ctx.agentSessions().purgeExpired(T0 + 1)).toBe(1);
      expect(await ctx.agentSessions().isRevoked('old')).toBe(false);
      expect(await ctx.agentSessions().isRevoked('live')).toBe(true);
    });
  });
}
