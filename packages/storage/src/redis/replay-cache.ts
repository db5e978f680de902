import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock, type ReplayCache } from '@parley/core';

export interface RedisReplayCacheOptions {
  /** Prepended to every key (default `parley:`), so several deployments can share one Redis. */
  prefix?: string;
  /** Source of "now"; defaults to the wall clock. */
  clock?: Clock;
}

/**
 * One atomic step on the Redis server: refuse while a live entry exists, else record the key
 * with its expiry as the value and a matching PX so Redis drops it on its own. With the wall
 * clock this is exactly `SET key exp PX ttl NX`; comparing against the caller's `now` too keeps
 * an injected clock (tests, frozen time) authoritative, like every other ReplayCache adapter.
 */
const REMEMBER = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/**
 * Redis {@link ReplayCache}: shared by every Parley node on one Redis, so a token or code used
 * on one node is refused on all the others. Keys are `<prefix>replay:<base64url sha256(key)>`:
 * fixed size and no code or token hash stored verbatim. Entries expire in Redis at `expiresAt`
 * (at least 1 ms), so nothing needs sweeping.
 *
 * @example
 * ```ts
 * const replay = createRedisReplayCache(new Redis(url), { prefix: 'parley:' });
 * await replay.remember('jti:abc', exp * 1000); // true on the first node, false everywhere after
 * ```
 */
export function createRedisReplayCache(redis: Redis, options: RedisReplayCacheOptions = {}): ReplayCache {
  const prefix = `${options.prefix ?? 'parley:'}replay:`;
  const clock = options.clock ?? systemClock;
  return {
    async remember(key, expiresAt) {
      const now = clock.now();
      const ttl = Math.max(1, Math.ceil(expiresAt - now));
      const digest = createHash('sha256').update(key, 'utf8').digest('base64url');
      const result = await redis.eval(REMEMBER, 1, prefix + digest, now, expiresAt, ttl);
      return result === 1;
    },
  };
}
