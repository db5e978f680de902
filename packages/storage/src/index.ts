import type { Clock, ParleyConfig, RateLimiter, Stores } from '@parley/core';
import type { KeyCipher } from './key-cipher.ts';
import { createMemoryStores } from './memory/index.ts';
import { openPostgresStores } from './postgres/index.ts';
import { openRedisCache, type RedisEventBus } from './redis/index.ts';
import { openSqliteStores } from './sqlite/index.ts';

// Whole-adapter factories, plus each adapter's per-port factories so the server can mix them
// (e.g. SQLite consumers with an in-process replay cache, chosen by `config.cache`).
export * from './memory/index.ts';
export * from './sqlite/index.ts';
export * from './postgres/index.ts';
export * from './redis/index.ts';
export { createKeyCipher, isSealedJwk, type KeyCipher, type SealedJwk } from './key-cipher.ts';

export interface OpenStoresOptions {
  /** Source of "now" for expiry rules (replay cache, one-time records); defaults to the wall clock. */
  clock?: Clock;
  /**
   * `config.cache`. With `{ driver: 'redis', url }` the replay cache moves to Redis (shared by
   * every node) and the result carries a Redis pub/sub `bus`. Default: in-process.
   */
  cache?: ParleyConfig['cache'];
  /** Prefix of every Redis key and channel (default `parley:`). */
  redisPrefix?: string;
  /** Background connection errors of PostgreSQL/Redis and bus handler failures (default: stderr). */
  onError?: (err: unknown) => void;
  /** Seals private keys at rest in SQLite/PostgreSQL (the server passes its master key's). */
  keyCipher?: KeyCipher;
}

/** {@link Stores}, plus the cross-node event bus and rate limiter when the cache is Redis. */
export interface OpenedStores extends Stores {
  /** Redis pub/sub bus (`cache.driver: 'redis'`); undefined means: use an in-process bus. */
  bus?: RedisEventBus;
  /** Rate-limit counters on Redis (`cache.driver: 'redis'`); undefined means: in-process. */
  rateLimiter?: RateLimiter;
}

/**
 * Opens the storage adapter that `config.storage` names (memory, SQLite, or PostgreSQL with its
 * migrations applied) and, when `cache` is Redis, swaps in the Redis replay cache and adds the
 * Redis event bus and rate limiter. Call once at start-up; `close()` closes every connection it opened (so
 * nothing keeps the process alive) and `ping()` checks storage and cache (for `/readyz`).
 *
 * @example
 * ```ts
 * const stores = await openStores(config.storage, { clock: systemClock, cache: config.cache });
 * const app = await buildApp({
 *   config,
 *   stores,
 *   ...(stores.bus ? { bus: stores.bus } : {}),
 *   ...(stores.rateLimiter ? { rateLimiter: stores.rateLimiter } : {}),
 * });
 * ```
 */
export async function openStores(
  storage: ParleyConfig['storage'],
  options: OpenStoresOptions = {},
): Promise<OpenedStores> {
  const stores = await openStorage(storage, options);
  if (options.cache?.driver !== 'redis') return stores;
  try {
    const cache = await openRedisCache({
      url: options.cache.url,
      ...(options.redisPrefix === undefined ? {} : { prefix: options.redisPrefix }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    let closing: Promise<void> | undefined;
    return {
      ...stores,
      replay: cache.replay,
      bus: cache.bus,
      rateLimiter: cache.rateLimiter,
      async ping() {
        await Promise.all([stores.ping(), cache.ping()]);
      },
      close() {
        closing ??= Promise.allSettled([cache.close(), stores.close()]).then(([a, b]) => {
          const failed = [a, b].find((r) => r.status === 'rejected');
          if (failed) throw failed.reason;
        });
        return closing;
      },
    };
  } catch (err) {
    await stores.close();
    throw err;
  }
}

async function openStorage(storage: ParleyConfig['storage'], options: OpenStoresOptions): Promise<Stores> {
  const withClock = options.clock ? { clock: options.clock } : {};
  const withCipher = options.keyCipher ? { keyCipher: options.keyCipher } : {};
  switch (storage.driver) {
    case 'memory':
      return createMemoryStores(withClock);
    case 'sqlite':
      return openSqliteStores({ path: storage.path, ...withClock, ...withCipher });
    case 'postgres':
      return openPostgresStores({
        url: storage.url,
        ...withClock,
        ...withCipher,
        ...(options.onError ? { onError: options.onError } : {}),
      });
    default: {
      const unknown: never = storage;
      throw new TypeError(
        `unknown storage driver ${JSON.stringify((unknown as { driver: unknown }).driver)}`,
      );
    }
  }
}
