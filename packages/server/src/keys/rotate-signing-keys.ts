import {
  ConfigError,
  DEFAULT_AGENT_SESSION_SECONDS,
  rotateSessionSigningKey,
  SESSION_KINDS,
  systemClock,
  type AccountConfig,
  type Clock,
  type ParleyConfig,
  type SessionKind,
} from '@parley/core';
import { openStores } from '@parley/storage';
import { resolveMasterKey } from './master-key.ts';

/** One rotated key series. */
export interface RotatedSigningKey {
  account: string;
  kind: SessionKind;
  /** The new current `kid`. */
  kid: string;
  /** Retired keys deleted (every token they signed has expired). */
  purged: string[];
}

/**
 * `parley keys rotate`: opens the configured storage with the deployment's master key (as the
 * server does) and adds a new current signing key for each selected account and token kind
 * (default: every account, both kinds). Old keys keep verifying their tokens: a consumer key
 * is kept `sessionMaxSeconds` after its successor, an agent key the agent session lifetime
 * (8 h), each plus one minute; older retired keys are purged now. Running nodes sign with the
 * new key within a minute.
 *
 * @throws ConfigError for an account that is not configured, or a bad master key.
 */
export async function rotateSigningKeys(options: {
  config: ParleyConfig;
  env: Record<string, string | undefined>;
  account?: string;
  kind?: SessionKind;
  clock?: Clock;
}): Promise<RotatedSigningKey[]> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const accounts = config.accounts.filter((a) => options.account === undefined || a.id === options.account);
  if (accounts.length === 0) {
    throw new ConfigError([`--account: ${options.account ?? '(none)'} is not an account of this config`]);
  }
  if (config.storage.driver === 'memory') {
    throw new ConfigError(['storage.driver: "memory" keeps no keys between processes; nothing to rotate']);
  }
  const { cipher } = resolveMasterKey({ storage: config.storage, env: options.env });
  const stores = await openStores(config.storage, { clock, ...(cipher ? { keyCipher: cipher } : {}) });
  try {
    const rotated: RotatedSigningKey[] = [];
    for (const account of accounts) {
      for (const kind of options.kind === undefined ? SESSION_KINDS : [options.kind]) {
        const { current, purged } = await rotateSessionSigningKey(stores.keys, {
          accountId: account.id,
          kind,
          clock,
          retainSeconds: tokenLifetimeSeconds(account, kind),
        });
        rotated.push({ account: account.id, kind, kid: current.id, purged });
      }
    }
    return rotated;
  } finally {
    await stores.close();
  }
}

/** The longest lifetime of an account's tokens of one kind: how long a retired key must verify. */
export function tokenLifetimeSeconds(account: AccountConfig, kind: SessionKind): number {
  return kind === 'consumer' ? account.sessionMaxSeconds : DEFAULT_AGENT_SESSION_SECONDS;
}
