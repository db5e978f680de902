import type { Clock } from '../clock.ts';
import type { ReplayCache } from '../token/replay-cache.ts';

/**
 * An in-memory {@link ReplayCache} for tests (the storage package has the real adapters).
 * `keys` exposes what was remembered, for assertions.
 *
 * @example
 * ```ts
 * const replayCache = createMemoryReplayCache(clock);
 * await replayCache.remember('k', clock.now() + 1000); // true, then false
 * ```
 */
export function createMemoryReplayCache(clock: Clock): ReplayCache & { keys: Map<string, number> } {
  const keys = new Map<string, number>();
  return {
    keys,
    async remember(key, expiresAt) {
      const existing = keys.get(key);
      if (existing !== undefined && existing > clock.now()) return false;
      keys.set(key, expiresAt);
      return true;
    },
  };
}
