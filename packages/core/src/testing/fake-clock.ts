import type { Clock } from '../clock.ts';

/** A settable {@link Clock} for tests. */
export interface FakeClock extends Clock {
  set(ms: number): void;
  advanceSeconds(seconds: number): void;
}

/**
 * A frozen clock that moves only when told to.
 *
 * @example
 * ```ts
 * const clock = createFakeClock(Date.UTC(2030, 0, 1));
 * clock.advanceSeconds(3600);
 * ```
 */
export function createFakeClock(startMs = Date.UTC(2030, 0, 1)): FakeClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advanceSeconds: (seconds) => {
      now += seconds * 1000;
    },
  };
}
