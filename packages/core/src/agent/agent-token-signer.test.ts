import { describe, expect, it } from 'vitest';
import { createSessionTokenSigner } from '../session/session-token-signer.ts';
import { createAgentTokenSigner } from './agent-token-signer.ts';

const jwk = { kty: 'oct', k: 'c2Vzc2lvbi1zaWduaW5nLWtleS1mb3ItdGVzdHMtMzItYnl0ZXM', kid: 'sig-1' };
const clock = { now: () => Date.UTC(2030, 0, 1) };
const exp = Date.UTC(2030, 0, 1) / 1000 + 600;

describe('agent session tokens', () => {
  it('round-trip, and are never accepted as consumer session tokens (nor the reverse)', async () => {
    const agents = await createAgentTokenSigner(jwk, clock);
    const sessions = await createSessionTokenSigner(jwk, clock);
    const agentToken = await agents.sign({
      tokenId: 't1',
      accountId: 'acme',
      agentId: 'agt_1',
      role: 'agent',
      expiresAt: exp,
    });
    expect(await agents.verify(agentToken)).toEqual({
      tokenId: 't1',
      accountId: 'acme',
      agentId: 'agt_1',
      role: 'agent',
      expiresAt: exp,
    });
    await expect(sessions.verify(agentToken)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    const consumerToken = await sessions.sign({
      sessionId: 's1',
      accountId: 'acme',
      consumerId: 'c1',
      authenticated: true,
      expiresAt: exp,
    });
    await expect(agents.verify(consumerToken)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('refuses an expired token', async () => {
    const agents = await createAgentTokenSigner(jwk, clock);
    const token = await agents.sign({
      tokenId: 't1',
      accountId: 'acme',
      agentId: 'a',
      role: 'admin',
      expiresAt: exp - 1200,
    });
    await expect(agents.verify(token)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
  });
});
