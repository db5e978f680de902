/**
 * A token bucket: `take()` is true while the caller stays within `burst` frames plus
 * `perSecond` refill. Uses the monotonic clock so wall-clock jumps do not matter.
 *
 * @example
 * ```ts
 * const bucket = createTokenBucket({ burst: 40, perSecond: 20 });
 * if (!bucket.take()) send({ type: 'error', code: 'RATE_LIMITED' });
 * ```
 */
export function createTokenBucket(
  limit: { burst: number; perSecond: number },
  now: () => number = () => performance.now(),
): { take(): boolean } {
  let tokens = limit.burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(limit.burst, tokens + ((t - last) / 1000) * limit.perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
