import fp from 'fastify-plugin';
import { ParleyError, type Clock, type ParleyConfig } from '@parley/core';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counts this route against `security.rateLimits` (unauthenticated endpoints). */
    rateLimited?: boolean;
  }
}

/** Outcome of one hit on a limiter key. */
export interface RateLimitHit {
  allowed: boolean;
  /** Seconds until the current window ends (for `Retry-After`). */
  retryAfterSeconds: number;
}

/** Port: counts hits per key in fixed one-minute windows (memory now; Redis for several nodes). */
export interface RateLimiter {
  hit(key: string, limit: number): Promise<RateLimitHit>;
}

const WINDOW_MS = 60_000;

/**
 * In-process fixed-window limiter. The whole map is dropped when the window rolls over, so
 * memory is bounded by the keys seen in one minute.
 *
 * @example
 * ```ts
 * const limiter = createMemoryRateLimiter(systemClock);
 * (await limiter.hit('ip:203.0.113.9', 300)).allowed;
 * ```
 */
export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  let window = -1;
  let counts = new Map<string, number>();
  return {
    async hit(key, limit) {
      const now = clock.now();
      const current = Math.floor(now / WINDOW_MS);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      const retryAfterSeconds = Math.max(1, Math.ceil(((current + 1) * WINDOW_MS - now) / 1000));
      return { allowed: count <= limit, retryAfterSeconds };
    },
  };
}

export interface RateLimitPluginOptions {
  limits: ParleyConfig['security']['rateLimits'];
  /** Account ids that exist: unknown accounts are only counted per IP. */
  accountIds: ReadonlySet<string>;
  limiter: RateLimiter;
}

/**
 * `security.rateLimits` on routes with `config.rateLimited`: per client IP and per account,
 * per minute. Over either → 429 `RATE_LIMITED` with `Retry-After`. `false` disables.
 *
 * @example
 * ```ts
 * await app.register(rateLimitPlugin, { limits: config.security.rateLimits, accountIds, limiter });
 * ```
 */
export const rateLimitPlugin = fp<RateLimitPluginOptions>(
  async (app, { limits, accountIds, limiter }) => {
    if (limits === false) return;
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.rateLimited !== true) return;
      const account = (request.params as { account?: unknown } | undefined)?.account;
      const checks: [string, number][] = [[`ip:${request.ip}`, limits.perIpPerMinute]];
      if (typeof account === 'string' && accountIds.has(account))
        checks.push([`account:${account}`, limits.perAccountPerMinute]);
      for (const [key, limit] of checks) {
        const hit = await limiter.hit(key, limit);
        if (!hit.allowed) {
          reply.header('retry-after', String(hit.retryAfterSeconds));
          throw new ParleyError('RATE_LIMITED', `too many requests; retry after ${hit.retryAfterSeconds} s`);
        }
      }
    });
  },
  { name: 'parley-rate-limit' },
);
