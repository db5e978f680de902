import { systemClock, type Clock } from '@parley/core';

/** Options of the SQL replay caches, which delete expired rows every so many inserts. */
export interface SweepingReplayCacheOptions {
  /** Source of "now" for expiry; defaults to the wall clock. */
  clock?: Clock;
  /** Successful inserts (in this process) between two amortized sweeps (default 1000). */
  sweepEvery?: number;
}

/** The clock and sweep interval of `options`, defaults applied; throws on a bad `sweepEvery`. */
export function sweepSettings(options: SweepingReplayCacheOptions): { clock: Clock; sweepEvery: number } {
  const sweepEvery = options.sweepEvery ?? 1000;
  if (!Number.isInteger(sweepEvery) || sweepEvery < 1)
    throw new TypeError('sweepEvery must be a positive integer');
  return { clock: options.clock ?? systemClock, sweepEvery };
}
