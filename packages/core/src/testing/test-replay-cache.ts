import type { Clock } from '../clock.ts';
import type { ReplayCache } from '../token/replay-cache.ts';

/**
 * A {@link ReplayCache} test double for core's own tests, which may not import the storage
 * package (its adapters, `createMemoryReplayCache` among them, are the real ones). `keys`
 * exposes what was remembered, for assertions.
 */
export function createTestReplayCache(clock: Clock): ReplayCache & { keys: Map<string, number> } {
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
