import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.ts';

const MINUTE = 60_000;

/** The ReplayCache part of the contract (time from the context's manual clock). */
export function replayCacheContract(ctx: ContractContext): void {
  const replay = () => ctx.stores().replay;

  describe('ReplayCache', () => {
    it('remembers a key: true the first time, false while it has not expired', async () => {
      const exp = ctx.clock().now() + MINUTE;
      expect(await replay().remember('jti:a', exp)).toBe(true);
      expect(await replay().remember('jti:a', exp)).toBe(false);
      ctx.clock().advance(MINUTE - 1);
      expect(await replay().remember('jti:a', exp + MINUTE)).toBe(false);
    });

    it('accepts the key again once it expired, and then remembers the new expiry', async () => {
      const exp = ctx.clock().now() + MINUTE;
      expect(await replay().remember('jti:a', exp)).toBe(true);
      ctx.clock().advance(MINUTE);
      expect(await replay().remember('jti:a', exp + MINUTE)).toBe(true);
      expect(await replay().remember('jti:a', exp + MINUTE)).toBe(false);
      ctx.clock().advance(MINUTE);
      expect(await replay().remember('jti:a', exp + 3 * MINUTE)).toBe(true);
    });

    it('keeps keys independent', async () => {
      const exp = ctx.clock().now() + MINUTE;
      expect(await replay().remember('jti:a', exp)).toBe(true);
      expect(await replay().remember('jti:b', exp)).toBe(true);
      expect(await replay().remember('code:a', exp)).toBe(true);
    });

    it('lets exactly one of 50 concurrent remember calls for one key win', async () => {
      const exp = ctx.clock().now() + MINUTE;
      const results = await Promise.all(Array.from({ length: 50 }, () => replay().remember('jti:race', exp)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('stores keys of any characters verbatim', async () => {
      const exp = ctx.clock().now() + MINUTE;
      const key = "jti:'; DROP TABLE replay; --\u0000é🙂";
      expect(await replay().remember(key, exp)).toBe(true);
      expect(await replay().remember(key, exp)).toBe(false);
      expect(await replay().remember(key.slice(0, -2), exp)).toBe(true);
    });
  });
}
