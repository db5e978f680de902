/**
 * How far the device clock is behind Parley's, learnt from a session token Parley just issued:
 * its `iat` is Parley's "now". Expiry times are Parley's, so renewals are timed on
 * `now() + skew` and a device clock hours off neither renews in a loop nor too late. Null when
 * the token carries no readable `iat` (the token is only read, never trusted: Parley verifies it).
 *
 * @example
 * ```ts
 * skewMs = clockSkewMs(session.sessionToken, Date.now()) ?? 0;
 * ```
 */
export function clockSkewMs(freshToken: string, localNowMs: number): number | null {
  const payload = freshToken.split('.')[1];
  if (payload === undefined) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const iat = (JSON.parse(json) as { iat?: unknown }).iat;
    // iat is in whole seconds: the estimate is up to 1 s early, which only renews earlier
    return typeof iat === 'number' ? iat * 1000 - localNowMs : null;
  } catch {
    return null;
  }
}
