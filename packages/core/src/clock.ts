/** Time source port; tests pass a fixed or fake clock. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Seconds since the epoch (JWT NumericDate) from a clock. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

/** ISO 8601 UTC string for an epoch-seconds value. */
export function isoFromEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
