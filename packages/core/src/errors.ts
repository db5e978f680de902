// the catalogue's own entry: the package root also loads the wire schemas (TypeBox, ~700 modules),
// which core never needs and which made every CLI start 0.6 s slower
import { ERROR_CATALOGUE, type ErrorCode } from '@parley/protocol/errors';

/**
 * The one error class of Parley's domain. `code` is a stable catalogue code (docs/errors.md);
 * `status` the HTTP status the server maps it to; `detail` is safe to show (it never holds a
 * token, code, secret or claim value). `cause` may hold the private reason (e.g. a brand's RFC
 * 6749 `invalid_grant`), which is logged but never sent.
 */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose = true;
  readonly detail: string;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? ERROR_CATALOGUE[code].title, options);
    this.name = 'ParleyError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.detail = detail ?? ERROR_CATALOGUE[code].title;
  }
}

/** Narrow an unknown thrown value to a ParleyError (optionally of one code). */
export function isParleyError(err: unknown, code?: ErrorCode): err is ParleyError {
  return err instanceof ParleyError && (code === undefined || err.code === code);
}
