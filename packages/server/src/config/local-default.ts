import { parseConfig, type ParleyConfig, type ParleyConfigInput } from '@parley/core';

/** Port and origins of the local demo. */
export const LOCAL_DEFAULT_PORT = 8080;

/** The demo account, its connector and its agents (a plain agent and a supervisor). */
export const LOCAL_DEMO = {
  account: 'demo',
  connector: 'demo',
  agentEmail: 'agent@demo.example',
  supervisorEmail: 'supervisor@demo.example',
} as const;

/** The running demo brand (examples/brand-demo) the local default connects to. */
export interface LocalDemoBrand {
  /** The brand website's origin, allowed to open the popup and receive the session. */
  siteOrigin: string;
  issuer: string;
  discoveryUrl: string;
  /** The brand pages' redirect URI for the codes they hand the widget (code and PKCE pages). */
  codeRedirectUri: string;
  clientId: string;
  clientSecret: string;
}

/** Options of {@link localDefaultConfig}. */
export interface LocalDefaultOptions {
  adminApiKey: string;
  /** Parley's port (default {@link LOCAL_DEFAULT_PORT}). */
  port?: number;
  /** With the brand demo running: its connector, its origin and the demo agents' scrypt hashes. */
  demo?: { brand: LocalDemoBrand; agentPasswordHash: string; supervisorPasswordHash: string };
}

/**
 * The configuration `npm start` runs without a config file (docs/configuration.md): embedded SQLite at
 * `./data/parley.db`, in-process cache, and one account `demo`. With `demo` set, the account
 * has a connector `demo` for the demo brand's IdP (implicit id_tokens its backend signs, code and
 * PKCE from its pages, popup; the IdP is
 * on http loopback, hence `security.allowInsecureIdpUrls`), allows the brand website's origin,
 * and has an agent `agent@demo.example` (sees the account number masked) and a supervisor
 * `supervisor@demo.example` (sees it in clear). The admin API key and agent passwords are
 * generated at each start and printed, never written to a file.
 */
export function localDefaultConfig(options: LocalDefaultOptions): ParleyConfigInput {
  const port = options.port ?? LOCAL_DEFAULT_PORT;
  const base: ParleyConfigInput = {
    server: { host: '127.0.0.1', port },
    storage: { driver: 'sqlite', path: './data/parley.db' },
    cache: { driver: 'memory' },
    adminApiKey: options.adminApiKey,
  };
  const parleyOrigins = loopbackOrigins(`http://127.0.0.1:${port}`);
  if (options.demo === undefined) {
    return {
      ...base,
      accounts: [
        { id: LOCAL_DEMO.account, name: 'Demo brand', allowedOrigins: parleyOrigins, connectors: [] },
      ],
    };
  }
  const { brand, agentPasswordHash, supervisorPasswordHash } = options.demo;
  return {
    ...base,
    security: { allowInsecureIdpUrls: true },
    accounts: [
      {
        id: LOCAL_DEMO.account,
        name: 'Demo Bank',
        allowedOrigins: [...parleyOrigins, ...loopbackOrigins(brand.siteOrigin)],
        connectors: [demoConnector(brand)],
      },
    ],
    agents: [
      {
        account: LOCAL_DEMO.account,
        email: LOCAL_DEMO.agentEmail,
        name: 'Demo Agent',
        role: 'agent',
        passwordHash: agentPasswordHash,
      },
      {
        account: LOCAL_DEMO.account,
        email: LOCAL_DEMO.supervisorEmail,
        name: 'Demo Supervisor',
        role: 'supervisor',
        passwordHash: supervisorPasswordHash,
      },
    ],
  };
}

/** Options of {@link localDemoConfig}: the local default's address, storage and log, and the demo. */
export interface LocalDemoConfigOptions {
  host: string;
  port: number;
  storage: ParleyConfig['storage'];
  log: ParleyConfig['log'];
  adminApiKey: string;
  demo: NonNullable<LocalDefaultOptions['demo']>;
}

/**
 * The local default with the demo brand, validated: what Parley runs in the local demo
 * (`npm start` without a config), on the address, storage and log the command line resolved.
 *
 * @example
 * ```ts
 * const config = localDemoConfig({ host, port, storage, log, adminApiKey, demo: { brand, ...hashes } });
 * ```
 */
export function localDemoConfig(options: LocalDemoConfigOptions): ParleyConfig {
  const { host, port, storage, log, adminApiKey, demo } = options;
  const raw = localDefaultConfig({ adminApiKey, port, demo });
  return parseConfig({ ...raw, server: { host, port }, storage, log }, {});
}

function demoConnector(brand: LocalDemoBrand) {
  return {
    id: LOCAL_DEMO.connector,
    displayName: 'Demo Bank login',
    issuer: brand.issuer,
    discoveryUrl: brand.discoveryUrl,
    clientId: brand.clientId,
    clientSecret: brand.clientSecret,
    tokenEndpointAuthMethod: 'client_secret_basic' as const,
    // implicit: the brand backend signs id_tokens with its IdP's key (examples/brand-demo pages)
    flows: ['implicit' as const, 'code' as const, 'pkce' as const],
    redirectUris: [brand.codeRedirectUri],
    // the demo IdP, like many, releases profile claims (lp_sdes too) only through UserInfo
    scopes: ['openid', 'profile', 'email', 'phone'],
    userinfo: true,
    // agents see the account number masked, supervisors in clear; the plan is no secret
    claims: [
      {
        claim: 'account_number',
        label: 'Account number',
        mask: 'last4' as const,
        clearFor: ['supervisor' as const, 'admin' as const],
      },
      { claim: 'billing.plan', label: 'Plan' },
    ],
  };
}

/** `http://127.0.0.1:p` and `http://localhost:p`: a browser may show either name. */
function loopbackOrigins(origin: string): string[] {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return [url.origin];
  return ['127.0.0.1', 'localhost'].map((host) => `${url.protocol}//${host}:${url.port}`);
}
