import {
  isHmacAlgorithm,
  isParleyError,
  MAX_TOKEN_LENGTH,
  ParleyError,
  parseCompact,
  parseStrictJsonObject,
} from '@parley/core';

/** What `parley token inspect` prints: decoded, never verified. */
export interface TokenInspection {
  kind: 'JWS' | 'JWE';
  signatureVerified: false;
  header: Record<string, unknown>;
  /** JWS only: a JWE's claims are encrypted. */
  claims?: Record<string, unknown>;
  /** `exp` / `iat` / `nbf` as ISO 8601 UTC, where they are numbers. */
  dates?: Record<string, string>;
  /** What Parley would refuse or ignore, in plain words. */
  warnings: string[];
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Key- or URL-bearing headers: Parley never fetches nor uses them (docs/protocol.md). */
const IGNORED_KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;
const TIME_CLAIMS = ['exp', 'iat', 'nbf'] as const;

/**
 * Decodes a compact JWS or JWE for a human: the protected header, the claims of a JWS with
 * its time claims as ISO dates, and warnings for everything Parley would refuse. The strict
 * JSON rules (no duplicate members) are core's; core's `parseCompact` is then asked whether
 * Parley would accept the token's shape. Nothing is verified or decrypted.
 *
 * @throws ParleyError `TOKEN_MALFORMED` when the token cannot be decoded at all.
 */
export function inspectToken(token: string, nowMs: number): TokenInspection {
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) {
    throw new ParleyError('TOKEN_MALFORMED', 'not a compact JWS (3 segments) or JWE (5 segments)');
  }
  const header = decodeSegment(segments[0]!, 'header');
  const warnings = headerWarnings(header);
  if (token.length > MAX_TOKEN_LENGTH) {
    warnings.push(`the token is ${token.length} characters, over Parley's limit of ${MAX_TOKEN_LENGTH}`);
  }
  const refusal = shapeRefusal(token);
  if (refusal !== undefined) warnings.push(refusal);
  if (segments.length === 5) {
    warnings.push('JWE: only the header is shown; the claims are encrypted and not decrypted here');
    return { kind: 'JWE', signatureVerified: false, header, warnings };
  }
  const claims = decodeSegment(segments[1]!, 'payload');
  warnings.push(...claimWarnings(claims, nowMs));
  return { kind: 'JWS', signatureVerified: false, header, claims, dates: isoDates(claims), warnings };
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) {
    throw new ParleyError('TOKEN_MALFORMED', `token ${what} is not unpadded base64url`);
  }
  let text: string;
  try {
    text = UTF8.decode(Buffer.from(segment, 'base64url'));
  } catch {
    throw new ParleyError('TOKEN_MALFORMED', `token ${what} is not UTF-8`);
  }
  return parseStrictJsonObject(text, what);
}

function headerWarnings(header: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const alg = header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    warnings.push('alg "none": an unsigned token, always refused');
  } else if (typeof alg === 'string' && isHmacAlgorithm(alg)) {
    warnings.push(`alg ${alg}: refused unless the connector has a sharedSecret and lists ${alg}`);
  }
  for (const name of IGNORED_KEY_HEADERS) {
    if (name in header)
      warnings.push(`header "${name}" is present: Parley ignores it (never fetched nor used)`);
  }
  if ('crit' in header)
    warnings.push('header "crit" is present: Parley understands no extension and refuses it');
  return warnings;
}

/** Core's own verdict on the token's shape (size, segments, header), as a warning line. */
function shapeRefusal(token: string): string | undefined {
  try {
    parseCompact(token, { expectedTyp: 'id_token' });
    return undefined;
  } catch (err) {
    if (!isParleyError(err)) throw err;
    return `Parley would refuse this token as an id_token: ${err.code} (${err.message})`;
  }
}

function claimWarnings(claims: Record<string, unknown>, nowMs: number): string[] {
  const warnings: string[] = [];
  for (const name of ['exp', 'iat'] as const) {
    if (!(name in claims)) warnings.push(`claim "${name}" is missing: refused (TOKEN_MALFORMED)`);
  }
  for (const name of TIME_CLAIMS) {
    if (name in claims && typeof claims[name] !== 'number') {
      warnings.push(`claim "${name}" is not a number: refused (TOKEN_MALFORMED)`);
    }
  }
  const now = nowMs / 1000;
  if (typeof claims.exp === 'number' && claims.exp <= now) warnings.push('expired: "exp" is in the past');
  if (typeof claims.nbf === 'number' && claims.nbf > now)
    warnings.push('not yet valid: "nbf" is in the future');
  if (typeof claims.iat === 'number' && claims.iat > now) warnings.push('"iat" is in the future');
  return warnings;
}

function isoDates(claims: Record<string, unknown>): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const name of TIME_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const date = new Date(value * 1000);
    if (!Number.isNaN(date.getTime())) dates[name] = date.toISOString();
  }
  return dates;
}
