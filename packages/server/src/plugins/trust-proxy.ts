import type { ParleyConfig } from '@parley/core';

/** What Fastify's `trustProxy` option is given. */
export type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * `server.trustProxy` as Fastify's option. A list is passed as is (Fastify checks each hop's
 * address). A hop count becomes "trust the first N hops": Fastify 5 itself now refuses a bare
 * number (it cannot tell a proxy from a direct client that forges enough hops), so Parley keeps
 * the count only for deployments whose nodes are reachable solely through the proxies; the
 * address list is the safer form (docs/production.md).
 *
 * @example
 * ```ts
 * Fastify({ trustProxy: fastifyTrustProxy(config.server.trustProxy) });
 * ```
 */
export function fastifyTrustProxy(setting: ParleyConfig['server']['trustProxy']): FastifyTrustProxy {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
