/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxMs, minMs·2^attempt)]`,
 * never below `minMs / 2` so a fleet of clients does not hammer a recovering server at once.
 *
 * @example
 * ```ts
 * setTimeout(reconnect, backoffDelay(attempt++, { minMs: 500, maxMs: 30_000 }));
 * ```
 */
export function backoffDelay(
  attempt: number,
  range: { minMs: number; maxMs: number },
  random = Math.random,
): number {
  const ceiling = Math.min(range.maxMs, range.minMs * 2 ** Math.min(attempt, 30));
  return Math.max(range.minMs / 2, Math.round(random() * ceiling));
}
