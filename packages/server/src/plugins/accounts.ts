import fp from 'fastify-plugin';
import type { JWK } from 'jose';
import {
  ParleyError,
  createAccountConnectors,
  createIdTokenVerifier,
  createSessionKeyring,
  createSessionTokenSigner,
  ensureAccountKeys,
  publicEncryptionJwks,
  type AccountConfig,
  type AccountConnectors,
  type Clock,
  type EventBus,
  type IdTokenVerifier,
  type IdpHttp,
  type LoginDeps,
  type ParleyConfig,
  type SessionTokenSigner,
  type Stores,
} from '@parley/core';

/** Everything the routes of one account need, built once and reused by every request. */
export interface AccountRuntime {
  account: AccountConfig;
  /** The one connector lookup of `account`, built with it (a changed account gets a new one). */
  connectors: AccountConnectors;
  /**
   * Dependencies of core's login and logout use cases (sessions, consumers, signer, clock, and
   * the conversations and bus of their side effects: step-up, sockets closed on logout).
   */
  login: LoginDeps;
  /** The account's id_token verifier (JWKS caches and decryption keys live inside). */
  verifier: IdTokenVerifier;
  /** The account's public encryption JWKS, generating its keys on first use. */
  encryptionJwks(): Promise<{ keys: JWK[] }>;
}

/** Account lookup for the routes. */
export interface AccountRegistry {
  /** The account's runtime, or `ACCOUNT_NOT_FOUND`. */
  get(accountId: string): AccountRuntime;
  /** The account's config, or undefined (for hooks that must not throw). */
  find(accountId: string): AccountConfig | undefined;
  /** Consumer session token signer (each account its own key series, see docs/production.md). */
  signer: SessionTokenSigner;
}

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountRegistry;
  }
}

export interface AccountsPluginOptions {
  config: ParleyConfig;
  stores: Stores;
  idpHttp: IdpHttp;
  clock: Clock;
  /** Where logins and logouts tell the sockets (step-up, sessions ended). */
  bus: EventBus;
}

/**
 * Decorates the app with `accounts`: per-account runtimes built lazily once and cached, sharing
 * one consumer session signer over a keyring that holds each account's own consumer keys
 * (loaded, or generated, for every configured account at start-up so a storage problem shows
 * there and not at the first login).
 *
 * @example
 * ```ts
 * await app.register(accountsPlugin, { config, stores, idpHttp, clock, bus });
 * const { login, verifier } = app.accounts.get('acme');
 * ```
 */
export const accountsPlugin = fp<AccountsPluginOptions>(
  async (app, { config, stores, idpHttp, clock, bus }) => {
    const keyring = createSessionKeyring({ keyStore: stores.keys, kind: 'consumer', clock });
    await Promise.all(config.accounts.map((account) => keyring.current(account.id)));
    const signer = createSessionTokenSigner(keyring, clock);
    const configs = new Map(config.accounts.map((account) => [account.id, account]));
    const runtimes = new Map<string, AccountRuntime>();
    // a step-up or a logout stands even when telling the sockets failed: it is logged
    const onEffectError = (err: unknown) => app.log.error({ err }, 'could not publish a session event');

    const build = (account: AccountConfig): AccountRuntime => {
      let jwks: Promise<{ keys: JWK[] }> | undefined;
      const connectors = createAccountConnectors(account);
      return {
        account,
        connectors,
        login: {
          account,
          connectors,
          consumers: stores.consumers,
          sessions: stores.sessions,
          signer,
          clock,
          conversations: stores.conversations,
          bus,
          onEffectError,
        },
        verifier: createIdTokenVerifier({
          account,
          connectors,
          keyStore: stores.keys,
          replayCache: stores.replay,
          idpHttp,
          clock,
        }),
        encryptionJwks() {
          jwks ??= ensureAccountKeys(stores.keys, account.id, clock).then(publicEncryptionJwks);
          // a failure (storage down) is not cached: the next request tries again
          jwks.catch(() => (jwks = undefined));
          return jwks;
        },
      };
    };

    const registry: AccountRegistry = {
      signer,
      find: (accountId) => configs.get(accountId),
      get(accountId) {
        const cached = runtimes.get(accountId);
        if (cached) return cached;
        const account = configs.get(accountId);
        if (!account) throw new ParleyError('ACCOUNT_NOT_FOUND', 'unknown account');
        const runtime = build(account);
        runtimes.set(accountId, runtime);
        return runtime;
      },
    };
    app.decorate('accounts', registry);
  },
  { name: 'parley-accounts' },
);
