import { describe, expect, it } from 'vitest';
import type { Clock, RateLimiter } from '@parley/core';
import { createFakeClock } from '@parley/core/testing/clock';

/** The first millisecond of a minute window (and 40 s into an hour). */
const MINUTE_START = 1_700_000_040_000;

/**
 * The behaviour every {@link RateLimiter} adapter shares: fixed windows aligned to the clock,
 * `limit` hits allowed per window and key, `Retry-After` to the window's end. `make` returns a
 * limiter with no counts yet (a fresh key space) reading time from `clock`.
 */
export function runRateLimiterContract(
  name: string,
  make: (clock: Clock) => RateLimiter | Promise<RateLimiter>,
): void {
  describe(`${name} RateLimiter contract`, () => {
    const setUp = async (at: number) => {
      const clock = createFakeClock(at);
      return { clock, limiter: await make(clock) };
    };

    it('allows `limit` hits in a window, refuses the next, and says when the window ends', async () => {
      const { limiter } = await setUp(MINUTE_START + 10_000);
      for (let i = 0; i < 3; i++)
        expect(await limiter.hit('ip:a', 3)).toEqual({ allowed: true, retryAfterSeconds: 50 });
      expect(await limiter.hit('ip:a', 3)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    });

    it('counts each key apart', async () => {
      const { limiter } = await setUp(MINUTE_START);
      expect((await limiter.hit('ip:a', 1)).allowed).toBe(true);
      expect((await limiter.hit('ip:a', 1)).allowed).toBe(false);
      expect((await limiter.hit('ip:b', 1)).allowed).toBe(true);
    });

    it('starts afresh when the next window begins', async () => {
      const { clock, limiter } = await setUp(MINUTE_START + 59_000);
      await limiter.hit('ip:a', 1);
      expect(await limiter.hit('ip:a', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      clock.advance(1_000);
      expect(await limiter.hit('ip:a', 1)).toEqual({ allowed: true, retryAfterSeconds: 60 });
    });

    it('rounds the wait up to whole seconds, and never answers 0', async () => {
      const { limiter } = await setUp(MINUTE_START + 59_999);
      expect(await limiter.hit('ip:a', 1)).toEqual({ allowed: true, retryAfterSeconds: 1 });
    });

    it('counts a longer window apart from the minute one (agent login backoff)', async () => {
      const { clock, limiter } = await setUp(Date.UTC(2030, 0, 1, 0, 10, 0)); // 10 min into an hour
      expect(await limiter.hit('agent-login:x', 1, 3600)).toEqual({ allowed: true, retryAfterSeconds: 3000 });
      expect((await limiter.hit('agent-login:x', 1)).allowed).toBe(true);
      clock.advance(120_000);
      expect((await limiter.hit('agent-login:x', 1)).allowed).toBe(true);
      expect(await limiter.hit('agent-login:x', 1, 3600)).toEqual({
        allowed: false,
        retryAfterSeconds: 2880,
      });
    });

    it('allows exactly `limit` of many concurrent hits', async () => {
      const { limiter } = await setUp(MINUTE_START);
      const hits = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('ip:a', 7)));
      expect(hits.filter((hit) => hit.allowed)).toHaveLength(7);
    });
  });
}
