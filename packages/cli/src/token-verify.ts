import {
  ConfigError,
  createIdTokenVerifier,
  systemClock,
  type AccountConfig,
  type KeyStore,
  type ParleyConfig,
  type ReplayCache,
  type VerifiedIdToken,
} from '@parley/core';
import { createFetchIdpHttp } from '@parley/server/idp-http';
import { resolveMasterKey } from '@parley/server/keys';
import { openStores } from '@parley/storage';
import { existsSync } from 'node:fs';

/**
 * Remembers nothing: `token inspect` must never spend a token, so the same token can be
 * inspected twice and still be presented to the server once (docs/cli.md).
 */
const FORGETFUL_REPLAY_CACHE: ReplayCache = { remember: async () => true };

/**
 * The account's key store, read-only: listing keys decrypts a JWE; generating keys (an account
 * the server never started with) or deleting them is refused instead of changing the storage.
 */
function readOnly(keys: KeyStore): KeyStore {
  const refuse = async (): Promise<never> => {
    throw new ConfigError([
      'storage: this account has no encryption keys yet (start the server once); token inspect never writes keys',
    ]);
  };
  return { list: (owner) => keys.list(owner), insert: refuse, delete: refuse };
}

/** A SQLite file that does not exist yet would be created (with a new master key): refuse instead. */
function assertStorageExists(storage: ParleyConfig['storage']): void {
  if (storage.driver === 'sqlite' && storage.path !== ':memory:' && !existsSync(storage.path)) {
    throw new ConfigError([`storage.path: no database at ${storage.path} (start the server once)`]);
  }
}

/** The account to verify for: `--account`, else the only one of the config. */
export function selectAccount(config: ParleyConfig, accountId: string | undefined): AccountConfig {
  if (accountId !== undefined) {
    const account = config.accounts.find((a) => a.id === accountId);
    if (!account) throw new ConfigError([`--account: ${accountId} is not an account of this config`]);
    return account;
  }
  if (config.accounts.length !== 1) {
    throw new ConfigError([`--account: the config has ${config.accounts.length} accounts, name one`]);
  }
  return config.accounts[0]!;
}

/**
 * Verifies an id_token exactly as `POST /authenticate` (implicit flow) would: the server's
 * verifier, its IdP HTTP client (URL policy, deadlines, live JWKS) and the account's own
 * encryption keys from the configured storage. Differences: nothing is recorded (no replay
 * entry, no key generated), so a token the server already spent still verifies here.
 *
 * @throws ParleyError with the catalogue code the server would answer.
 */
export async function verifyWithConfig(
  token: string,
  options: { config: ParleyConfig; env: Record<string, string | undefined>; account?: string },
): Promise<VerifiedIdToken> {
  const { config } = options;
  const account = selectAccount(config, options.account);
  assertStorageExists(config.storage);
  const { cipher } = resolveMasterKey({ storage: config.storage, env: options.env });
  const stores = await openStores(config.storage, {
    clock: systemClock,
    ...(cipher ? { keyCipher: cipher } : {}),
  });
  try {
    const verifier = createIdTokenVerifier({
      account,
      keyStore: readOnly(stores.keys),
      replayCache: FORGETFUL_REPLAY_CACHE,
      idpHttp: createFetchIdpHttp({ allowInsecureIdpUrls: config.security.allowInsecureIdpUrls }),
      clock: systemClock,
    });
    return await verifier.verify(token, { flow: 'implicit' });
  } finally {
    await stores.close();
  }
}
