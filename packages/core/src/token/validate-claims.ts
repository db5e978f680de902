import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';

/** What claim validation yields for downstream use. */
export interface ValidatedClaims {
  /** The subject (value of the connector's `subjectClaim`), always a non-empty string. */
  subject: string;
  /** `exp`, epoch seconds. */
  expiresAt: number;
  /** `iat`, epoch seconds. */
  issuedAt: number;
}

/** Options of {@link validateClaims}. */
export interface ValidateClaimsOptions {
  /** Current time, epoch seconds (from the injected Clock). */
  now: number;
  /** Expected `nonce` (popup flow); when set the token must carry exactly this value. */
  nonce?: string;
  /**
   * Back-channel logout tokens may carry only `sid` (Back-Channel Logout 1.0 §2.4): the subject
   * is then optional and `subject` is `''` when absent. Their subject is always the IdP's `sub`,
   * never the connector's `subjectClaim` (a logout token carries no custom claims). The logout
   * rules check sub/sid.
   */
  subjectOptional?: boolean;
  /**
   * A signed UserInfo response (OpenID Connect Core §5.3.2): `exp` and `iat` are optional
   * (each checked when present; `expiresAt` is then `Infinity`, `issuedAt` `now`), and the
   * subject is `sub` whatever the connector's `subjectClaim`.
   */
  userinfo?: boolean;
}

const STRING_CLAIMS = ['iss', 'sub', 'azp', 'jti', 'sid', 'nonce', 'acr'] as const;
const NUMERIC_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

/**
 * Validates the claims of a signature-verified brand token against its connector:
 * types of standard claims, `iss`, `aud`/`azp`, `exp`/`iat`/`nbf` with the clock tolerance,
 * `maxTokenAgeSeconds`, `maxTokenLifetimeSeconds`, the subject and an optional nonce.
 *
 * Subject decision: the value at `subjectClaim` (dotted path) must be a non-empty string; a
 * safe integer is accepted and stringified only for a custom `subjectClaim` (brands often
 * carry numeric customer ids), while the standard `sub` must be a string (OIDC Core §2).
 *
 * @throws ParleyError with a `TOKEN_*` code; the detail names claims, never values.
 */
export function validateClaims(
  payload: Record<string, unknown>,
  connector: ConnectorConfig,
  options: ValidateClaimsOptions,
): ValidatedClaims {
  checkTypes(payload, options.userinfo === true);
  if (payload.iss !== connector.issuer) {
    throw new ParleyError(
      'TOKEN_ISSUER_MISMATCH',
      `token "iss" is not the issuer of connector "${connector.id}" (expected ${JSON.stringify(connector.issuer)}): ` +
        'the connector issuer must be exactly what the IdP puts in "iss"',
    );
  }
  checkAudience(payload.aud, payload.azp, connector);
  const partial = options.userinfo === true && (payload.exp === undefined || payload.iat === undefined);
  const times = partial
    ? checkPartialTimes(payload, connector, options.now)
    : checkTimes(payload, connector, options.now);
  const subject = !options.subjectOptional
    ? readSubject(payload, options.userinfo === true ? 'sub' : connector.subjectClaim)
    : payload.sub === undefined
      ? ''
      : readSubject(payload, 'sub');
  if (options.nonce !== undefined && payload.nonce !== options.nonce) {
    throw new ParleyError('TOKEN_NONCE_MISMATCH', 'token "nonce" does not match the expected nonce');
  }
  return { subject, ...times };
}

function malformed(detail: string): ParleyError {
  return new ParleyError('TOKEN_MALFORMED', detail);
}

function checkTypes(payload: Record<string, unknown>, timesOptional: boolean): void {
  for (const name of STRING_CLAIMS) {
    if (name in payload && typeof payload[name] !== 'string')
      throw malformed(`claim "${name}" is not a string`);
  }
  for (const name of NUMERIC_CLAIMS) {
    if (name in payload && !(typeof payload[name] === 'number' && Number.isFinite(payload[name]))) {
      throw malformed(`claim "${name}" is not a number`);
    }
  }
  const aud = payload.aud;
  if (aud !== undefined && typeof aud !== 'string') {
    // an empty array is well-formed: it names no audience, so the audience check refuses it
    if (!Array.isArray(aud) || !aud.every((a) => typeof a === 'string')) {
      throw malformed('claim "aud" is not a string or an array of strings');
    }
  }
  if (timesOptional) return;
  if (payload.exp === undefined) throw malformed('claim "exp" is required');
  if (payload.iat === undefined) throw malformed('claim "iat" is required');
}

function checkAudience(aud: unknown, azp: unknown, connector: ConnectorConfig): void {
  const { clientId } = connector;
  const expected = `of connector "${connector.id}" (expected ${JSON.stringify(clientId)})`;
  const audiences = typeof aud === 'string' ? [aud] : ((aud as string[] | undefined) ?? []);
  if (!audiences.includes(clientId)) {
    throw new ParleyError(
      'TOKEN_AUDIENCE_MISMATCH',
      `token "aud" does not contain the clientId ${expected}: the IdP must issue the token to that client`,
    );
  }
  if (azp !== undefined && azp !== clientId) {
    throw new ParleyError('TOKEN_AZP_MISMATCH', `token "azp" is not the clientId ${expected}`);
  }
  if (new Set(audiences).size > 1 && azp === undefined) {
    throw new ParleyError(
      'TOKEN_AZP_MISMATCH',
      `token has several audiences and no "azp"; it must name the clientId ${expected}`,
    );
  }
}

/**
 * Time rules with details that say how to fix them: the server time and how many seconds the
 * token is off by (relative numbers, never the claim values themselves).
 */
function checkTimes(payload: Record<string, unknown>, connector: ConnectorConfig, now: number) {
  const tolerance = connector.clockToleranceSeconds;
  const exp = payload.exp as number;
  const iat = payload.iat as number;
  const nbf = payload.nbf as number | undefined;
  const clock = `server time ${serverTime(now)}, clockToleranceSeconds ${tolerance}`;
  if (exp - iat > connector.maxTokenLifetimeSeconds) {
    throw malformed(
      `token lifetime ("exp" - "iat") exceeds maxTokenLifetimeSeconds (${connector.maxTokenLifetimeSeconds})`,
    );
  }
  if (exp + tolerance <= now) {
    throw new ParleyError(
      'TOKEN_EXPIRED',
      `token "exp" passed ${seconds(now - exp)} ago (${clock}): present a fresh token, and check the server and IdP clocks`,
    );
  }
  if (nbf !== undefined && nbf - tolerance > now) {
    throw new ParleyError(
      'TOKEN_NOT_YET_VALID',
      `token "nbf" is ${seconds(nbf - now)} in the future (${clock}): check the server and IdP clocks`,
    );
  }
  if (iat - tolerance > now) {
    throw new ParleyError(
      'TOKEN_ISSUED_IN_FUTURE',
      `token "iat" is ${seconds(iat - now)} in the future (${clock}): check the server and IdP clocks`,
    );
  }
  if (now - iat > connector.maxTokenAgeSeconds + tolerance) {
    throw new ParleyError(
      'TOKEN_TOO_OLD',
      `token was issued ${seconds(now - iat)} ago, more than maxTokenAgeSeconds (${connector.maxTokenAgeSeconds}; ${clock})`,
    );
  }
  return { expiresAt: exp, issuedAt: iat };
}

const serverTime = (now: number) => new Date(now * 1000).toISOString();
const seconds = (n: number) => `${Math.ceil(n)} s`;

/** A UserInfo JWT lacking `exp` or `iat`: the rules of {@link checkTimes} that need only one. */
function checkPartialTimes(payload: Record<string, unknown>, connector: ConnectorConfig, now: number) {
  const tolerance = connector.clockToleranceSeconds;
  const { exp, iat, nbf } = payload as { exp?: number; iat?: number; nbf?: number };
  if (exp !== undefined && exp + tolerance <= now)
    throw new ParleyError('TOKEN_EXPIRED', 'token "exp" has passed');
  if (nbf !== undefined && nbf - tolerance > now) {
    throw new ParleyError('TOKEN_NOT_YET_VALID', 'token "nbf" is in the future');
  }
  if (iat !== undefined && iat - tolerance > now) {
    throw new ParleyError('TOKEN_ISSUED_IN_FUTURE', 'token "iat" is in the future');
  }
  if (iat !== undefined && now - iat > connector.maxTokenAgeSeconds + tolerance) {
    throw new ParleyError('TOKEN_TOO_OLD', 'token "iat" is older than maxTokenAgeSeconds');
  }
  return { expiresAt: exp ?? Number.POSITIVE_INFINITY, issuedAt: iat ?? now };
}

function readSubject(payload: Record<string, unknown>, path: string): string {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
      value = undefined;
      break;
    }
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (path !== 'sub' && typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new ParleyError('TOKEN_SUBJECT_MISSING', `token has no usable subject claim "${path}"`);
}
