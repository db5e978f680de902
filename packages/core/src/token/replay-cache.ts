/** Port: one-time-use memory for tokens (by `jti` or hash) and codes. */
export interface ReplayCache {
  /**
   * Atomically records `key` until `expiresAt` (epoch ms). Returns true the first time, false
   * if the key is already recorded and not yet expired.
   */
  remember(key: string, expiresAt: number): Promise<boolean>;
}
