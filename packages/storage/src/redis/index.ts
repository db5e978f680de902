import { Redis } from 'ioredis';
import type { BackingService, Clock, RateLimiter, ReplayCache } from '@parley/core';
import { createRedisEventBus, type RedisEventBus } from './event-bus.ts';
import { createRedisRateLimiter } from './rate-limiter.ts';
import { createRedisReplayCache } from './replay-cache.ts';

export { createRedisReplayCache, type RedisReplayCacheOptions } from './replay-cache.ts';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './rate-limiter.ts';
export { createRedisEventBus, type RedisEventBus, type RedisEventBusOptions } from './event-bus.ts';

/**
 * What `cache.driver: "redis"` provides: the shared replay cache, event bus and rate limits.
 * `ping` throws if Redis does not answer PING; `close` closes the bus's subscriber connection,
 * then the command connection (idempotent).
 */
export interface RedisCache extends BackingService {
  replay: ReplayCache;
  bus: RedisEventBus;
  /** Per-minute counters shared by every node (pass to the server as its `rateLimiter`). */
  rateLimiter: RateLimiter;
  /** The command (and publisher) connection. */
  redis: Redis;
}

export interface RedisCacheOptions {
  /** `redis://[:password@]host:6379[/db]` or `rediss://` for TLS. */
  url: string;
  /** Key and channel prefix (default `parley:`). */
  prefix?: string;
  /** Source of "now" for the replay cache; defaults to the wall clock. */
  clock?: Clock;
  /** Connection errors (Redis restarts, network) and event handler failures; default: one line on stderr. */
  onError?: (err: unknown) => void;
}

/**
 * Connects to Redis (two connections: commands/publish, and the bus subscriber) and returns the
 * replay cache, event bus and rate limiter on it. Rejects if the first connection fails. A command issued
 * while Redis is unreachable fails after a few reconnection attempts instead of waiting forever,
 * so `/readyz` reports the outage.
 *
 * @example
 * ```ts
 * const cache = await openRedisCache({ url: 'redis://127.0.0.1:6379', prefix: 'parley:' });
 * await cache.replay.remember('jti:abc', Date.now() + 60_000);
 * await cache.close();
 * ```
 */
export async function openRedisCache(options: RedisCacheOptions): Promise<RedisCache> {
  const onError =
    options.onError ??
    ((err: unknown) => console.error(`parley: redis: ${err instanceof Error ? err.message : String(err)}`));
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', onError);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix };
  const bus = createRedisEventBus(redis, { ...prefix, onError });
  const clock = options.clock ? { clock: options.clock } : {};
  let closing: Promise<void> | undefined;
  return {
    replay: createRedisReplayCache(redis, { ...prefix, ...clock }),
    bus,
    rateLimiter: createRedisRateLimiter(redis, { ...prefix, ...clock }),
    redis,
    async ping() {
      if (closing) throw new Error('redis cache is closed');
      await redis.ping();
    },
    close() {
      closing ??= (async () => {
        await bus.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}
