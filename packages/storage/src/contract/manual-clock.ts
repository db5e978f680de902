import type { Clock } from '@parley/core';

/** A {@link Clock} that only moves when told: for expiry rules in tests. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Jumps to `epochMs`. */
  set(epochMs: number): void;
}

/**
 * Creates a {@link ManualClock} starting at `start` (epoch ms).
 *
 * @example
 * ```ts
 * const clock = createManualClock(1_700_000_000_000);
 * clock.advance(60_000);
 * ```
 */
export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(epochMs) {
      now = epochMs;
    },
  };
}
