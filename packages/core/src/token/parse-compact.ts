import { ParleyError } from '../errors.ts';
import { parseStrictJsonObject } from './parse-strict-json.ts';

/** Largest compact token accepted, in characters (docs/protocol.md: 16 KB). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** Header parameters Parley understands in `crit` (none: every listed one is unknown). */
const UNDERSTOOD_CRIT: ReadonlySet<string> = new Set();
const SEGMENT = /^[A-Za-z0-9_-]*$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ID_TOKEN_TYPES = new Set(['jwt', 'application/jwt']);
/** Logout tokens: `logout+jwt` (Back-Channel Logout 1.0 §2.4); plain `JWT` from older IdPs. */
const LOGOUT_TYPES = new Set(['logout+jwt', 'application/logout+jwt', ...ID_TOKEN_TYPES]);

/**
 * What the caller expects: a brand id_token, an OIDC back-channel logout token, or a signed
 * UserInfo response (OpenID Connect Core §5.3.2; same `typ` values as an id_token).
 */
export type ExpectedTokenType = 'id_token' | 'logout' | 'userinfo';

/** A compact JWS split and decoded (nothing verified yet). */
export interface ParsedJws {
  kind: 'jws';
  token: string;
  header: Record<string, unknown> & { alg: string; kid?: string };
  payload: Record<string, unknown>;
  /** `BASE64URL(header).BASE64URL(payload)`, the JWS signing input. */
  signingInput: string;
  /** The decoded signature bytes (never empty): the token's replay identity without `jti`. */
  signature: Uint8Array;
}

/** A compact JWE split with its decoded protected header (nothing decrypted yet). */
export interface ParsedJwe {
  kind: 'jwe';
  token: string;
  header: Record<string, unknown> & { alg: string; enc: string; kid?: string };
}

export type ParsedCompact = ParsedJws | ParsedJwe;

/**
 * Strictly parses a compact JWS (3 segments) or JWE (5 segments) before any cryptography:
 * size cap, canonical base64url in every segment (no padding, whitespace or unused low bits
 * set: one token has exactly one spelling), JSON objects without duplicate members, a string
 * `kid`, an allowed `typ`, no unknown `crit`. An unsigned token (`alg` `none` in any case, or an
 * empty signature) is refused as an algorithm, before anything else about it. An id_token may
 * not carry `events` (that is a back-channel logout token). URL- or key-bearing headers
 * (`jku`, `x5u`, `jwk`, `x5c`) are ignored: they are never fetched nor used.
 *
 * @throws ParleyError `TOKEN_MALFORMED` or `TOKEN_ALG_NOT_ALLOWED` (unsigned, unknown `crit`).
 * @example
 * ```ts
 * const parsed = parseCompact(idToken, { expectedTyp: 'id_token' });
 * if (parsed.kind === 'jws') console.log(parsed.header.alg);
 * ```
 */
export function parseCompact(
  token: string,
  options: { expectedTyp?: ExpectedTokenType } = {},
): ParsedCompact {
  if (typeof token !== 'string') throw new ParleyError('TOKEN_MALFORMED', 'token is not a string');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new ParleyError('TOKEN_MALFORMED', `token is larger than ${MAX_TOKEN_LENGTH} characters`);
  }
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) {
    throw new ParleyError('TOKEN_MALFORMED', 'token is not a compact JWS (3 segments) or JWE (5 segments)');
  }
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new ParleyError('TOKEN_MALFORMED', 'token segment is not unpadded base64url');
    }
  }
  const expected = options.expectedTyp ?? 'id_token';
  const header = decodeJsonSegment(segments[0]!, 'header');
  checkHeader(header, expected);
  if (segments.length === 5) return parseJweParts(token, header, segments);
  if (segments[2] === '') {
    throw new ParleyError('TOKEN_ALG_NOT_ALLOWED', 'unsigned tokens (empty signature) are never accepted');
  }
  const payload = decodeJsonSegment(segments[1]!, 'payload');
  if (expected === 'id_token' && 'events' in payload) {
    throw new ParleyError(
      'TOKEN_MALFORMED',
      'an id_token must not carry "events": this is a back-channel logout token',
    );
  }
  return {
    kind: 'jws',
    token,
    header: header as ParsedJws['header'],
    payload,
    signingInput: `${segments[0]}.${segments[1]}`,
    signature: decodeSegment(segments[2]!, 'signature'),
  };
}

function parseJweParts(token: string, header: Record<string, unknown>, segments: string[]): ParsedJwe {
  if (typeof header.enc !== 'string') {
    throw new ParleyError('TOKEN_MALFORMED', 'JWE header "enc" is missing or not a string');
  }
  if (segments[3] === '' || segments[4] === '') {
    throw new ParleyError('TOKEN_MALFORMED', 'JWE has no ciphertext or tag');
  }
  segments.slice(1).forEach((segment) => decodeSegment(segment, 'JWE segment'));
  return { kind: 'jwe', token, header: header as ParsedJwe['header'] };
}

/**
 * Decodes a base64url segment that must be canonical: re-encoding the bytes gives the same
 * text. A lenient decoder ignores the unused low bits of the last character, so one
 * signature would have up to 16 spellings, each a "new" token to a hash-keyed replay cache.
 */
function decodeSegment(segment: string, what: string): Uint8Array {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) {
    throw new ParleyError('TOKEN_MALFORMED', `token ${what} is not canonical base64url`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeJsonSegment(segment: string, what: string): Record<string, unknown> {
  const bytes = decodeSegment(segment, what);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ParleyError('TOKEN_MALFORMED', `token ${what} is not UTF-8`);
  }
  return parseStrictJsonObject(text, what);
}

function checkHeader(header: Record<string, unknown>, expected: ExpectedTokenType): void {
  if (typeof header.alg !== 'string' || header.alg === '') {
    throw new ParleyError('TOKEN_MALFORMED', 'token header "alg" is missing or not a string');
  }
  if (header.alg.trim().toLowerCase() === 'none') {
    throw new ParleyError('TOKEN_ALG_NOT_ALLOWED', 'unsigned tokens (alg "none") are never accepted');
  }
  if ('kid' in header && typeof header.kid !== 'string') {
    throw new ParleyError('TOKEN_MALFORMED', 'token header "kid" is not a string');
  }
  if ('typ' in header) {
    const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
    const allowed = expected === 'logout' ? LOGOUT_TYPES : ID_TOKEN_TYPES;
    if (typ === undefined || !allowed.has(typ)) {
      throw new ParleyError(
        'TOKEN_MALFORMED',
        expected === 'logout'
          ? 'a logout token "typ" must be logout+jwt (or JWT) when present'
          : 'an id_token "typ" must be JWT or application/jwt when present',
      );
    }
  }
  if ('crit' in header) checkCrit(header.crit);
}

function checkCrit(crit: unknown): void {
  if (!Array.isArray(crit) || crit.length === 0 || !crit.every((c) => typeof c === 'string')) {
    throw new ParleyError('TOKEN_MALFORMED', 'token header "crit" is not a non-empty array of strings');
  }
  if (crit.some((name: string) => !UNDERSTOOD_CRIT.has(name))) {
    throw new ParleyError('TOKEN_ALG_NOT_ALLOWED', 'token header "crit" lists an unsupported extension');
  }
}
