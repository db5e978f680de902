import type { Redis } from 'ioredis';
import { systemClock, type Clock, type RateLimiter } from '@parley/core';

export interface RedisRateLimiterOptions {
  /** Key prefix (default `parley:`): counters are `<prefix>rl:<window>:<key>` (one-minute windows) or `<prefix>rl:<seconds>s:<window>:<key>`. */
  prefix?: string;
  /** Source of "now" that picks the window; defaults to the wall clock. */
  clock?: Clock;
}

/** INCR, and on the first hit of a window let Redis drop the counter shortly after it ends. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/**
 * Rate limiter on Redis: one counter per key and minute, `INCR` + `PEXPIRE` in one atomic
 * script, so N nodes behind a load balancer enforce one limit instead of N. Same fixed-window
 * semantics as the in-process limiter.
 */
export function createRedisRateLimiter(redis: Redis, options: RedisRateLimiterOptions = {}): RateLimiter {
  const prefix = `${options.prefix ?? 'parley:'}rl:`;
  const clock = options.clock ?? systemClock;
  return {
    async hit(key, limit, windowSeconds = 60) {
      const now = clock.now();
      const windowMs = windowSeconds * 1000;
      const window = Math.floor(now / windowMs);
      const untilEnd = (window + 1) * windowMs - now;
      const name = windowSeconds === 60 ? `${window}` : `${windowSeconds}s:${window}`;
      const count = Number(await redis.eval(HIT, 1, `${prefix}${name}:${key}`, untilEnd + windowMs));
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(untilEnd / 1000)) };
    },
  };
}
