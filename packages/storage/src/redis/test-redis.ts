import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** `PARLEY_TEST_REDIS_URL`, e.g. `redis://127.0.0.1:6379`; unset → the Redis suites skip. */
export const testRedisUrl: string | undefined = process.env.PARLEY_TEST_REDIS_URL || undefined;

export const REDIS_SKIP_REASON = 'set PARLEY_TEST_REDIS_URL to run';

if (!testRedisUrl) {
  console.warn(`[parley] Redis adapter tests SKIPPED: ${REDIS_SKIP_REASON} (e.g. redis://127.0.0.1:6379)`);
}

/** A random key prefix nobody else uses, e.g. `parley-test:1a2b3c4d5e6f:`. */
export const randomPrefix = (): string => `parley-test:${randomBytes(6).toString('hex')}:`;

/**
 * Test-only: deletes every key under `prefix` (SCAN + UNLINK, never KEYS) and resolves to how
 * many it deleted.
 */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
