import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ParleyError, type ParleyConfig, type RateLimiter } from '@parley/core';

/**
 * Which `security.rateLimits` buckets a route counts against: `true` (or `public`) per client
 * IP and per account; `ip` per client IP only (agent login adds its own per-email bucket, and
 * must not share the account bucket that anonymous traffic can fill); `socket` the WebSocket
 * upgrade bucket per client IP.
 */
export type RateLimitKind = true | 'public' | 'ip' | 'socket';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counts this route against `security.rateLimits` (see {@link RateLimitKind}). */
    rateLimited?: RateLimitKind;
  }
  interface FastifyInstance {
    /**
     * Counts one hit on each `[key, limit, windowSeconds?]` bucket; over any → 429
     * `RATE_LIMITED` with `Retry-After`. Does nothing when `security.rateLimits` is false.
     */
    rateLimit(reply: FastifyReply, checks: readonly RateLimitCheck[]): Promise<void>;
  }
}

/** One bucket: its key, the hits allowed per window, the window in seconds (default 60). */
export type RateLimitCheck = readonly [key: string, limit: number, windowSeconds?: number];

export interface RateLimitPluginOptions {
  limits: ParleyConfig['security']['rateLimits'];
  /** Account ids that exist: unknown accounts are only counted per IP. */
  accountIds: ReadonlySet<string>;
  limiter: RateLimiter;
}

type Limits = Exclude<ParleyConfig['security']['rateLimits'], false>;

/** The buckets of one request: by route kind, and every `/v1/admin/` path (known or not). */
function checksFor(
  request: FastifyRequest,
  limits: Limits,
  accountIds: ReadonlySet<string>,
): RateLimitCheck[] {
  const ip = request.ip;
  if (request.url.startsWith('/v1/admin/')) return [[`admin:${ip}`, limits.adminPerIpPerMinute]];
  const kind = request.routeOptions.config?.rateLimited;
  if (kind === undefined) return [];
  if (kind === 'socket') return [[`ws:${ip}`, limits.socketUpgradesPerIpPerMinute]];
  const checks: RateLimitCheck[] = [[`ip:${ip}`, limits.perIpPerMinute]];
  const account = (request.params as { account?: unknown } | undefined)?.account;
  if (kind !== 'ip' && typeof account === 'string' && accountIds.has(account))
    checks.push([`account:${account}`, limits.perAccountPerMinute]);
  return checks;
}

/**
 * `security.rateLimits`: per client IP (`request.ip`, which honours `server.trustProxy`) and
 * per account on routes with `config.rateLimited`, per IP on the admin API and on WebSocket
 * upgrades, and `app.rateLimit()` for buckets only a handler can name (agent login per email).
 * Over any → 429 `RATE_LIMITED` with `Retry-After`. `false` disables every one of them.
 */
export const rateLimitPlugin = fp<RateLimitPluginOptions>(
  async (app, { limits, accountIds, limiter }) => {
    app.decorate('rateLimit', async (reply: FastifyReply, checks: readonly RateLimitCheck[]) => {
      if (limits === false) return;
      for (const [key, limit, windowSeconds] of checks) {
        const hit = await limiter.hit(key, limit, windowSeconds);
        if (!hit.allowed) {
          reply.header('retry-after', String(hit.retryAfterSeconds));
          throw new ParleyError('RATE_LIMITED', `too many requests; retry after ${hit.retryAfterSeconds} s`);
        }
      }
    });
    if (limits === false) return;
    const check = async (request: FastifyRequest, reply: FastifyReply) => {
      const checks = checksFor(request, limits, accountIds);
      if (checks.length > 0) await app.rateLimit(reply, checks);
    };
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.rateLimited !== 'socket') await check(request, reply);
    });
    // upgrades are counted after @fastify/websocket's onRequest hook has marked the request, so
    // a refused upgrade's socket is destroyed after the 429 instead of lingering
    app.addHook('preValidation', async (request, reply) => {
      if (request.routeOptions.config?.rateLimited === 'socket') await check(request, reply);
    });
  },
  { name: 'parley-rate-limit' },
);
