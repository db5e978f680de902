import type { AccountConfig } from '@parley/core';

/**
 * Who may call an account route from a browser (docs/origins.md):
 * - `consumer`: the account's `allowedOrigins` (the widget on the brand site);
 * - `agent`: those and Parley's own origin (the Agent Workspace at `{publicUrl}/workspace/`);
 * - `public`: any origin, CORS `*` (public keys: nothing to spend, nothing to read);
 * - `exempt`: no Origin check and no CORS: the popup `callback` (a top-level navigation from
 *   the brand IdP, protected by its state, browser-binding cookie, `iss`, PKCE and nonce) and
 *   `backchannel-logout` (server to server, protected by the IdP-signed logout token).
 */
export type OriginPolicy = 'consumer' | 'agent' | 'public' | 'exempt';

const ACCOUNT_PREFIX = '/v1/accounts/:account/';

/** The policies of route tails (the path after `/v1/accounts/{account}/`); first match wins. */
const TAIL_POLICIES: readonly [RegExp, OriginPolicy][] = [
  [/^\.well-known\/jwks\.json$/, 'public'],
  [/^connectors\/[^/]+\/jwks\.json$/, 'public'],
  [/^callback$/, 'exempt'],
  [/^backchannel-logout$/, 'exempt'],
  [/^agents?\//, 'agent'],
];

/**
 * The policy of a route tail; every other account route is `consumer`, so a new account route
 * is guarded unless it is listed here.
 *
 * @example
 * ```ts
 * originPolicyOfTail('agents/login'); // 'agent'
 * ```
 */
export function originPolicyOfTail(tail: string): OriginPolicy {
  return TAIL_POLICIES.find(([pattern]) => pattern.test(tail))?.[1] ?? 'consumer';
}

/** The policy of a route pattern (`/v1/accounts/:account/pkce`), or null outside account routes. */
export function originPolicyOfRoute(url: string | undefined): OriginPolicy | null {
  if (url === undefined || !url.startsWith(ACCOUNT_PREFIX)) return null;
  return originPolicyOfTail(url.slice(ACCOUNT_PREFIX.length));
}

/** The ASCII serialization of an origin (`https://www.acme.example`), or null if it is not one. */
export function normalizeOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Whether `origin` (normalized) may call routes of `policy` of `accountId`. */
export type OriginAllowList = (accountId: string, policy: 'consumer' | 'agent', origin: string) => boolean;

/**
 * The allow list of every account: its `allowedOrigins`, plus `publicUrl`'s origin for agent
 * routes.
 *
 * @example
 * ```ts
 * const allows = createOriginAllowList(config.accounts, config.server.publicUrl);
 * allows('acme', 'consumer', 'https://www.acme.example'); // true
 * ```
 */
export function createOriginAllowList(
  accounts: readonly AccountConfig[],
  publicUrl: string,
): OriginAllowList {
  const own = normalizeOrigin(publicUrl);
  const consumer = new Map(
    accounts.map((a) => [a.id, new Set(a.allowedOrigins.map(normalizeOrigin).filter((o) => o !== null))]),
  );
  const agent = new Map(
    [...consumer].map(([id, origins]) => [id, new Set(own === null ? origins : [...origins, own])]),
  );
  return (accountId, policy, origin) =>
    (policy === 'agent' ? agent : consumer).get(accountId)?.has(origin) ?? false;
}
