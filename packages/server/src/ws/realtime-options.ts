/** Tunables of the WebSocket layer; every one has a production default. */
export interface RealtimeOptions {
  /** Time to send a valid `auth` frame before close 4401 (default 5000). */
  authTimeoutMs: number;
  /** Ping interval; a socket that did not answer the previous ping is terminated (default 30000). */
  pingIntervalMs: number;
  /** Send buffer bound: above it the socket is closed 1013 and the client resumes (default 1 MiB). */
  maxBufferedBytes: number;
  /** Grace after a back-pressure close before the socket is destroyed (default 2000). */
  closeGraceMs: number;
  /** `session.expiring` this long before `expiresAt` (default 60000). */
  expiryWarningMs: number;
  /** Per-socket token bucket: burst size and refill per second (defaults 40 and 20). */
  rateLimit: { burst: number; perSecond: number };
  /** Messages per page when replaying a `resume` (default 200). */
  resumePageSize: number;
  /** Largest inbound frame in bytes (default 64 KiB). */
  maxFrameBytes: number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  authTimeoutMs: 5000,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 1024 * 1024,
  closeGraceMs: 2000,
  expiryWarningMs: 60_000,
  rateLimit: { burst: 40, perSecond: 20 },
  resumePageSize: 200,
  maxFrameBytes: 64 * 1024,
};
