/**
 * The stable error catalogue (docs/errors.md). A code, once published, is never reused for
 * another meaning. `status` is the HTTP status the server maps it to.
 *
 * @example
 * ```ts
 * ERROR_CATALOGUE.TOKEN_EXPIRED.status; // 401
 * ```
 */
export const ERROR_CATALOGUE = {
  REQUEST_INVALID: { status: 400, title: 'Request invalid' },
  ACCOUNT_NOT_FOUND: { status: 404, title: 'Account not found' },
  NOT_FOUND: { status: 404, title: 'No such route' },
  ORIGIN_NOT_ALLOWED: { status: 403, title: 'Origin not allowed' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  FLOW_NOT_ENABLED: { status: 403, title: 'Flow not enabled for this connector' },
  TOKEN_MALFORMED: { status: 401, title: 'Token malformed' },
  TOKEN_ALG_NOT_ALLOWED: { status: 401, title: 'Token algorithm not allowed' },
  TOKEN_KEY_NOT_FOUND: { status: 401, title: 'Token signing key not found' },
  TOKEN_SIGNATURE_INVALID: { status: 401, title: 'Token signature invalid' },
  TOKEN_ENCRYPTION_REQUIRED: { status: 401, title: 'Token encryption required' },
  TOKEN_DECRYPTION_FAILED: { status: 401, title: 'Token decryption failed' },
  TOKEN_EXPIRED: { status: 401, title: 'Token expired' },
  TOKEN_NOT_YET_VALID: { status: 401, title: 'Token not yet valid' },
  TOKEN_ISSUED_IN_FUTURE: { status: 401, title: 'Token issued in the future' },
  TOKEN_TOO_OLD: { status: 401, title: 'Token too old' },
  TOKEN_ISSUER_MISMATCH: { status: 401, title: 'Token issuer mismatch' },
  TOKEN_AUDIENCE_MISMATCH: { status: 401, title: 'Token audience mismatch' },
  TOKEN_AZP_MISMATCH: { status: 401, title: 'Token authorized party mismatch' },
  TOKEN_SUBJECT_MISSING: { status: 401, title: 'Token subject missing' },
  TOKEN_SUBJECT_MISMATCH: { status: 401, title: 'UserInfo subject mismatch' },
  TOKEN_NONCE_MISMATCH: { status: 401, title: 'Token nonce mismatch' },
  TOKEN_REPLAYED: { status: 401, title: 'Token replayed' },
  CODE_EXCHANGE_FAILED: { status: 401, title: 'Authorization code exchange failed' },
  CODE_REPLAYED: { status: 401, title: 'Authorization code replayed' },
  PKCE_TRANSACTION_UNKNOWN: { status: 401, title: 'PKCE transaction unknown' },
  PKCE_TRANSACTION_EXPIRED: { status: 401, title: 'PKCE transaction expired' },
  STATE_INVALID: { status: 401, title: 'State invalid' },
  SESSION_INVALID: { status: 401, title: 'Session invalid' },
  AGENT_CREDENTIALS_INVALID: { status: 401, title: 'Agent credentials invalid' },
  AUTHENTICATION_REQUIRED: { status: 403, title: 'Authentication required' },
  CONVERSATION_NOT_FOUND: { status: 404, title: 'Conversation not found' },
  IDP_UNAVAILABLE: { status: 502, title: 'Identity provider unavailable' },
  RATE_LIMITED: { status: 429, title: 'Rate limited' },
  REQUEST_TOO_LARGE: { status: 413, title: 'Request too large' },
  CONNECTOR_NOT_FOUND: { status: 404, title: 'Connector not found' },
  CONSUMER_NOT_FOUND: { status: 404, title: 'Consumer not found' },
  ADMIN_UNAUTHORIZED: { status: 401, title: 'Admin API key missing or wrong' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A machine-readable error code from the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Every catalogue code, in catalogue order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** RFC 9457 problem details body, with Parley's `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
}
