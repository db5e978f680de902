import type { ErrorCode } from '@parley/protocol';

/** Failures that happen in the client, outside the server's catalogue. */
export type ClientErrorCode =
  /** fetch failed or the answer was not Parley's. */
  | 'NETWORK_ERROR'
  /** `getToken` threw, returned nothing, or is missing. */
  | 'TOKEN_PROVIDER_FAILED'
  /** `window.open` returned nothing. */
  | 'POPUP_BLOCKED'
  /** The consumer closed the popup before it answered. */
  | 'POPUP_CLOSED'
  /** `close()` or `logout()` while the call was pending. */
  | 'CLIENT_CLOSED';

/**
 * Every failure the client reports: `code` is the server's catalogue code (docs/errors.md) or a
 * {@link ClientErrorCode}. The message never contains a token, code or claim value.
 *
 * @example
 * ```ts
 * client.on('error', (err) => console.warn(err.code));
 * ```
 */
export class ParleyClientError extends Error {
  override readonly name = 'ParleyClientError';
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string = code,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The client error for any thrown value (a non-Parley error becomes `fallback`). */
export function toClientError(err: unknown, fallback: ClientErrorCode): ParleyClientError {
  if (err instanceof ParleyClientError) return err;
  return new ParleyClientError(fallback, err instanceof Error ? err.message : fallback);
}
