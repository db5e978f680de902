import type { Clock } from '../clock.ts';

/** A settable {@link Clock} for tests. */
export interface FakeClock extends Clock {
  /** Jumps to `ms` (epoch ms). */
  set(ms: number): void;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Moves time forward by whole or fractional seconds. */
  advanceSeconds(seconds: number): void;
}

/**
 * A frozen clock that moves only when told to: the one test clock of every package (the
 * storage contract imports it from `@parley/core/testing/clock`, which loads nothing else).
 */
export function createFakeClock(startMs = Date.UTC(2030, 0, 1)): FakeClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
    advanceSeconds: (seconds) => {
      now += seconds * 1000;
    },
  };
}
