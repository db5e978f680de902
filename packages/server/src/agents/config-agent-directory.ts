import { createHash } from 'node:crypto';
import type { AgentConfig, AgentDirectory, AgentRecord, PasswordHasher } from '@parley/core';

/** Stable agent id: the same account + email always give the same id across restarts. */
export function agentIdOf(accountId: string, email: string): string {
  return `agt_${createHash('sha256').update(`${accountId}\n${email.toLowerCase()}`).digest('base64url').slice(0, 22)}`;
}

/**
 * An {@link AgentDirectory} over `config.agents`: plain `password` entries are hashed once at
 * start-up (they never stay in memory as such); `passwordHash` entries are used as given.
 * Agents without either cannot log in and are left out (`onSkip` is told). A plain password
 * gets a fresh salt at each start, so its `credentialStamp` is a SHA-256 of (account, email,
 * password) instead: agent tokens survive a restart with the same password and end with a new
 * one (the stamp stays in memory; tokens carry only a MAC keyed by the agent signing key).
 */
export async function createConfigAgentDirectory(
  agents: readonly AgentConfig[],
  hasher: PasswordHasher,
  options: { onSkip?: (agent: { account: string; email: string }) => void } = {},
): Promise<AgentDirectory> {
  const byEmail = new Map<string, AgentRecord>();
  const byId = new Map<string, AgentRecord>();
  const hashesByAccount = new Map<string, string[]>();
  for (const agent of agents) {
    const passwordHash =
      agent.passwordHash ?? (agent.password === undefined ? undefined : await hasher.hash(agent.password));
    if (passwordHash === undefined) {
      options.onSkip?.({ account: agent.account, email: agent.email });
      continue;
    }
    const email = agent.email.toLowerCase();
    const record: AgentRecord = {
      id: agentIdOf(agent.account, email),
      accountId: agent.account,
      email,
      name: agent.name,
      role: agent.role,
      passwordHash,
      ...(agent.passwordHash === undefined && agent.password !== undefined
        ? { credentialStamp: passwordStamp(agent.account, email, agent.password) }
        : {}),
    };
    byEmail.set(JSON.stringify([agent.account, email]), record);
    byId.set(JSON.stringify([agent.account, record.id]), record);
    hashesByAccount.set(agent.account, [...(hashesByAccount.get(agent.account) ?? []), passwordHash]);
  }
  const decoys = new Map<string, Promise<string>>();
  for (const [account, hashes] of hashesByAccount) decoys.set(account, hasher.decoy(commonestParams(hashes)));
  return {
    async findByEmail(accountId, email) {
      return byEmail.get(JSON.stringify([accountId, email.toLowerCase()])) ?? null;
    },
    async get(accountId, agentId) {
      return byId.get(JSON.stringify([accountId, agentId])) ?? null;
    },
    async decoyHash(accountId) {
      return (await decoys.get(accountId)) ?? null;
    },
  };
}

function passwordStamp(accountId: string, email: string, password: string): string {
  return `password:${createHash('sha256')
    .update(JSON.stringify([accountId, email, password]))
    .digest('base64url')}`;
}

/**
 * The hash whose cost parameters (`scrypt$N$r$p$`) most of the account's agents share (ties: the
 * first seen), so an unknown email costs what most known ones cost. An agent whose hash has
 * other parameters is the outlier: re-hash it with `parley agent hash-password`.
 */
function commonestParams(hashes: readonly string[]): string {
  const prefix = (h: string) => h.split('$').slice(0, 4).join('$');
  const counts = new Map<string, number>();
  for (const h of hashes) counts.set(prefix(h), (counts.get(prefix(h)) ?? 0) + 1);
  let best = hashes[0] ?? '';
  for (const h of hashes) if ((counts.get(prefix(h)) ?? 0) > (counts.get(prefix(best)) ?? 0)) best = h;
  return best;
}
