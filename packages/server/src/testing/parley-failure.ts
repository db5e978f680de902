import { isParleyError } from '@parley/core';
import type { ErrorCode } from '@parley/protocol';

/**
 * What `promise` rejected with: the catalogue code, message and private cause of its
 * ParleyError. Throws when it resolves or rejects with anything else.
 */
export async function parleyFailure(
  promise: Promise<unknown>,
): Promise<{ code: ErrorCode; message: string; cause: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (isParleyError(err)) return { code: err.code, message: err.message, cause: err.cause };
    throw err;
  }
  throw new Error('expected a ParleyError');
}
