import type { Clock, ParleyConfig, Stores } from '@parley/core';
import { createMemoryStores } from './memory/index.ts';
import { openSqliteStores } from './sqlite/index.ts';

// Whole-adapter factories, plus each adapter's per-port factories so the server can mix them
// (e.g. SQLite consumers with an in-process replay cache, chosen by `config.cache`).
export * from './memory/index.ts';
export * from './sqlite/index.ts';

export interface OpenStoresOptions {
  /** Source of "now" for expiry rules (replay cache); defaults to the wall clock. */
  clock?: Clock;
}

/**
 * Opens the storage adapter that `config.storage` names. Call once at start-up and `close()`
 * the result on shutdown.
 *
 * @example
 * ```ts
 * const stores = await openStores(config.storage);
 * ```
 */
export async function openStores(
  storage: ParleyConfig['storage'],
  options: OpenStoresOptions = {},
): Promise<Stores> {
  const clock = options.clock ? { clock: options.clock } : {};
  switch (storage.driver) {
    case 'memory':
      return createMemoryStores(clock);
    case 'sqlite':
      return openSqliteStores({ path: storage.path, ...clock });
    case 'postgres':
      throw new Error('postgres driver not available yet');
    default: {
      const unknown: never = storage;
      throw new TypeError(
        `unknown storage driver ${JSON.stringify((unknown as { driver: unknown }).driver)}`,
      );
    }
  }
}
