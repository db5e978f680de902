import { createHash, timingSafeEqual } from 'node:crypto';
import { ParleyError } from '@parley/core';
import type { onRequestAsyncHookHandler } from 'fastify';
import { bearerToken } from '../routes/logout.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented key with the configured one in constant time: both are hashed to 32
 * bytes first, so neither the content nor the length of the real key leaks through timing.
 *
 * @example
 * ```ts
 * adminKeyMatches('s3cret-admin-key-0000', config.adminApiKey); // true | false
 * ```
 */
export function adminKeyMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * onRequest hook of the admin API: `Authorization: Bearer <adminApiKey>`. A missing or wrong
 * key, or no `adminApiKey` configured (the admin API is then closed), → 401
 * `ADMIN_UNAUTHORIZED`. Runs before validation, so nothing about the API leaks to a caller
 * without the key.
 *
 * @example
 * ```ts
 * app.addHook('onRequest', requireAdminKey(config.adminApiKey));
 * ```
 */
export function requireAdminKey(adminApiKey: string | undefined): onRequestAsyncHookHandler {
  return async (request) => {
    const presented = bearerToken(request.headers.authorization);
    // compare even when absent, so a missing key costs the same as a wrong one
    const matches = adminKeyMatches(presented ?? '', adminApiKey ?? '');
    if (adminApiKey === undefined || presented === null || !matches) {
      throw new ParleyError(
        'ADMIN_UNAUTHORIZED',
        'a valid admin API key is required (Authorization: Bearer)',
      );
    }
  };
}
