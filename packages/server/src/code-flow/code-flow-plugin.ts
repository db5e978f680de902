import fp from 'fastify-plugin';
import type { JWK } from 'jose';
import {
  ParleyError,
  createIdpEndpointResolver,
  type BackchannelLogoutDeps,
  type Clock,
  type CodeExchanger,
  type CodeFlowDeps,
  type IdpHttp,
  type ParleyConfig,
  type Stores,
} from '@parley/core';
import { createOpenidCodeExchanger } from '../idp/create-openid-code-exchanger.ts';
import { loadClientPrivateKey } from '../idp/load-client-private-key.ts';
import type { AccountRuntime } from '../plugins/accounts.ts';

/** What the code, PKCE, popup and back-channel routes get from `app.codeFlow`. */
export interface CodeFlowServices {
  /** Dependencies of core's code/PKCE/popup use cases for one account. */
  deps(runtime: AccountRuntime): CodeFlowDeps;
  /** Dependencies of the back-channel logout use case for one account. */
  logoutDeps(runtime: AccountRuntime): BackchannelLogoutDeps;
  /** Parley's popup `redirect_uri`: `{publicUrl}/v1/accounts/{account}/callback`. */
  callbackUrl(accountId: string): string;
  /** Public JWKS of a connector's `privateKey` (private_key_jwt), `CONNECTOR_NOT_FOUND` without one. */
  clientJwks(runtime: AccountRuntime, connectorId: string): Promise<{ keys: JWK[] }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    codeFlow: CodeFlowServices;
  }
}

/** Options of {@link codeFlowPlugin}. */
export interface CodeFlowPluginOptions {
  config: ParleyConfig;
  stores: Stores;
  idpHttp: IdpHttp;
  clock: Clock;
  /** Token endpoint client; default openid-client over fetch (tests may pass a counting fetch). */
  exchanger?: CodeExchanger;
  /** fetch used by the default exchanger. */
  fetch?: typeof fetch;
}

/**
 * Decorates the app with `codeFlow`: one endpoint resolver (discovery cached per connector)
 * and one code exchanger (openid-client) for the deployment, and per-account dependencies of
 * the code, PKCE, popup and back-channel logout use cases, built from the account runtime.
 * Register after `accountsPlugin`.
 *
 * @example
 * ```ts
 * await app.register(codeFlowPlugin, { config, stores, idpHttp, clock });
 * const deps = app.codeFlow.deps(app.accounts.get('acme'));
 * ```
 */
export const codeFlowPlugin = fp<CodeFlowPluginOptions>(
  async (app, options) => {
    const { config, stores, idpHttp, clock } = options;
    const endpoints = createIdpEndpointResolver({ idpHttp, clock });
    const exchanger =
      options.exchanger ??
      createOpenidCodeExchanger({
        endpoints,
        allowInsecureIdpUrls: config.security.allowInsecureIdpUrls,
        keyStore: stores.keys,
        clock,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    const publicUrl = config.server.publicUrl.replace(/\/+$/, '');
    const jwks = new Map<string, Promise<{ keys: JWK[] }>>();

    const services: CodeFlowServices = {
      deps: (runtime) => ({
        ...runtime.login,
        verifier: runtime.verifier,
        replay: stores.replay,
        pkce: stores.pkce,
        states: stores.states,
        anonymousRefs: stores.anonymousRefs,
        exchanger,
        endpoints,
      }),
      // the login deps carry the account, its connectors, the stores and the bus that tells the sockets
      logoutDeps: (runtime) => ({ ...runtime.login, verifier: runtime.verifier, replay: stores.replay }),
      callbackUrl: (accountId) => `${publicUrl}/v1/accounts/${encodeURIComponent(accountId)}/callback`,
      clientJwks(runtime, connectorId) {
        const connector = runtime.connectors.findById(connectorId);
        if (!connector || connector.privateKey === undefined) {
          throw new ParleyError('CONNECTOR_NOT_FOUND', 'unknown connector, or it has no client key');
        }
        const key = `${runtime.account.id}\n${connector.id}`;
        let set = jwks.get(key);
        if (!set) {
          set = loadClientPrivateKey(connector).then((k) => ({ keys: [k.publicJwk] }));
          jwks.set(key, set);
        }
        return set;
      },
    };
    app.decorate('codeFlow', services);
  },
  { name: 'parley-code-flow', dependencies: ['parley-accounts'] },
);
