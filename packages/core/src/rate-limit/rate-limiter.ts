/** Outcome of one hit on a limiter key. */
export interface RateLimitHit {
  allowed: boolean;
  /** Seconds until the current window ends (for `Retry-After`), at least 1. */
  retryAfterSeconds: number;
}

/**
 * Port: counts hits per key in fixed windows of `windowSeconds` (default 60), aligned to the
 * clock (a window starts at a multiple of its length). A hit beyond `limit` in a window is not
 * allowed; windows of different lengths count apart. Adapters: in-process (one node), Redis
 * (every node shares one count).
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds?: number): Promise<RateLimitHit>;
}
