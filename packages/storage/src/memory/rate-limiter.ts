import type { Clock, RateLimiter } from '@parley/core';

/**
 * In-process fixed-window limiter. Counters of ended windows are swept once a minute, so
 * memory is bounded by the keys seen in the longest window.
 */
export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const counts = new Map<string, { endsAt: number; count: number }>();
  let nextSweep = 0;
  const sweep = (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + 60_000;
    for (const [key, entry] of counts) if (entry.endsAt <= now) counts.delete(key);
  };
  return {
    async hit(key, limit, windowSeconds = 60) {
      const now = clock.now();
      sweep(now);
      const windowMs = windowSeconds * 1000;
      const window = Math.floor(now / windowMs);
      const endsAt = (window + 1) * windowMs;
      const id = `${windowSeconds}:${window}:${key}`;
      const entry = counts.get(id) ?? { endsAt, count: 0 };
      entry.count += 1;
      counts.set(id, entry);
      const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - now) / 1000));
      return { allowed: entry.count <= limit, retryAfterSeconds };
    },
  };
}
