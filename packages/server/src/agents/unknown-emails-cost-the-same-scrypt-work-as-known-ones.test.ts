import { describe, expect, it } from 'vitest';
import {
  createAgentTokenSigner,
  createSessionKeyring,
  loginAgent,
  type AgentDeps,
  type PasswordHasher,
} from '@parley/core';
import { createFakeClock } from '@parley/core/testing';
import { createMemoryStores } from '@parley/storage';
import { createConfigAgentDirectory } from './config-agent-directory.ts';
import { createScryptPasswordHasher, hashPassword, parseScryptHash } from './scrypt-password-hasher.ts';

const PASSWORD = 'correct horse battery';

/** The real scrypt hasher, recording the N of every hash it verifies against. */
function observed(hasher: PasswordHasher): { hasher: PasswordHasher; verifiedN: (number | null)[] } {
  const verifiedN: (number | null)[] = [];
  return {
    verifiedN,
    hasher: {
      ...hasher,
      verify: (password, encoded) => {
        verifiedN.push(encoded === null ? null : (parseScryptHash(encoded)?.N ?? null));
        return hasher.verify(password, encoded);
      },
    },
  };
}

async function depsFor(agentHashes: string[], hasher: PasswordHasher): Promise<AgentDeps> {
  const clock = createFakeClock();
  const stores = createMemoryStores({ clock });
  const agents = await createConfigAgentDirectory(
    agentHashes.map((passwordHash, i) => ({
      account: 'acme',
      email: `agent${i}@acme.example`,
      name: `Agent ${i}`,
      role: 'agent' as const,
      passwordHash,
    })),
    hasher,
  );
  return {
    agents,
    passwords: hasher,
    signer: createAgentTokenSigner(
      createSessionKeyring({ keyStore: stores.keys, kind: 'agent', clock }),
      clock,
    ),
    sessions: stores.agentSessions,
    clock,
  };
}

const login = (deps: AgentDeps, email: string, password = PASSWORD) =>
  loginAgent(deps, { accountId: 'acme', email, password }).then(
    () => 'ok',
    (err: { code?: string }) => err.code,
  );

describe('agent login of an unknown email', () => {
  it('verifies against a decoy with the cost of the account’s agents, not the hasher defaults', async () => {
    // agents hashed with older (smaller) parameters than the hasher makes today
    const older = await hashPassword(PASSWORD, { N: 1024 });
    const { hasher, verifiedN } = observed(createScryptPasswordHasher({ N: 4096 }));
    const deps = await depsFor([older, older], hasher);

    expect(await login(deps, 'agent0@acme.example')).toBe('ok');
    expect(await login(deps, 'agent1@acme.example', 'wrong-password')).toBe('AGENT_CREDENTIALS_INVALID');
    expect(await login(deps, 'nobody@acme.example')).toBe('AGENT_CREDENTIALS_INVALID');
    expect(verifiedN).toEqual([1024, 1024, 1024]);
  });

  it('follows the parameters most agents of the account share', async () => {
    const current = await hashPassword(PASSWORD, { N: 2048 });
    const outlier = await hashPassword(PASSWORD, { N: 1024 });
    const { hasher, verifiedN } = observed(createScryptPasswordHasher({ N: 4096 }));
    const deps = await depsFor([outlier, current, current], hasher);
    expect(await login(deps, 'nobody@acme.example')).toBe('AGENT_CREDENTIALS_INVALID');
    expect(verifiedN).toEqual([2048]);
  });

  it('never logs in with the decoy itself', async () => {
    const { hasher } = observed(createScryptPasswordHasher({ N: 1024 }));
    const deps = await depsFor([await hashPassword(PASSWORD, { N: 1024 })], hasher);
    const decoy = await deps.agents.decoyHash('acme');
    expect(decoy).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await login(deps, 'nobody@acme.example', '')).toBe('AGENT_CREDENTIALS_INVALID');
    expect(await deps.agents.decoyHash('globex')).toBeNull();
  });
});
