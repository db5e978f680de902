import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ParleyError } from '../errors.ts';
import { epochSeconds, type Clock } from '../clock.ts';
import type { SessionKeyring } from '../keys/session-keyring.ts';

/** Claims every Parley-issued token carries besides its own: `jti` and `exp` (epoch seconds). */
export interface ParleyJwtClaims {
  jti: string;
  exp: number;
  [claim: string]: unknown;
}

/** A verified token: its claims, and a check of the value it was bound to at signing. */
export interface VerifiedParleyJwt {
  payload: JWTPayload & ParleyJwtClaims;
  /** True when the token was signed with `binding: value` (constant-time comparison). */
  boundTo(value: string): boolean;
}

/** HS256 tokens Parley issues to itself (consumer sessions, agent sessions), one `typ` each. */
export interface ParleyJwt {
  /**
   * Signs with the account's current key of the keyring's kind. `binding` (e.g. the agent's
   * credentials) is stored only as a keyed MAC (`bnd`), never as such.
   */
  sign(accountId: string, claims: ParleyJwtClaims, binding?: string): Promise<string>;
  /** `kid` of this account and kind, signature, `typ`, issuer, `jti`, expiry; else `SESSION_INVALID`. */
  verify(accountId: string, token: string): Promise<VerifiedParleyJwt>;
}

const ISSUER = 'parley';

/**
 * The shared mechanics of Parley's own tokens. Every account has its own key series per token
 * kind (the keyring's), named by `kid` in the header: a token is verified only with a key of the
 * account it is presented to and of the verifier's kind, so another account's token, or a
 * consumer token presented as an agent token (and the reverse), finds no key. The distinct `typ`
 * per kind is a second, independent check. Signing is a synchronous HMAC (node:crypto: no
 * WebCrypto job per login); verify keys are imported once by the keyring.
 *
 * @example
 * ```ts
 * const jwt = createParleyJwt({ keyring, typ: 'parley-session+jwt', clock: systemClock });
 * const token = await jwt.sign('acme', { jti: sessionId, exp, acc: 'acme' });
 * ```
 */
export function createParleyJwt(options: { keyring: SessionKeyring; typ: string; clock: Clock }): ParleyJwt {
  const { keyring, typ, clock } = options;
  return {
    async sign(accountId, claims, binding) {
      const key = await keyring.current(accountId);
      const header = encodeJson({ alg: 'HS256', typ, kid: key.kid });
      const bnd = binding === undefined ? {} : { bnd: bindingMac(key.secret, binding) };
      const payload = encodeJson({ ...claims, ...bnd, iss: ISSUER, iat: epochSeconds(clock) });
      const signingInput = `${header}.${payload}`;
      return `${signingInput}.${createHmac('sha256', key.secret).update(signingInput).digest('base64url')}`;
    },
    async verify(accountId, token) {
      // a storage failure while loading keys propagates as such: it is not the token's fault
      const kid = headerKid(token);
      const key = kid === undefined ? null : await keyring.find(accountId, kid);
      if (key === null) throw invalid(new Error('no signing key of this account and kind has this kid'));
      try {
        const { payload } = await jwtVerify(token, key.verifyKey, {
          algorithms: ['HS256'],
          typ,
          issuer: ISSUER,
          currentDate: new Date(clock.now()),
          requiredClaims: ['jti', 'exp'],
        });
        if (typeof payload.jti !== 'string') throw new Error('jti is not a string');
        const bnd = payload.bnd;
        return {
          payload: payload as JWTPayload & ParleyJwtClaims,
          boundTo: (value) => typeof bnd === 'string' && sameString(bnd, bindingMac(key.secret, value)),
        };
      } catch (err) {
        throw invalid(err);
      }
    },
  };
}

function headerKid(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

function invalid(cause: unknown): ParleyError {
  return new ParleyError('SESSION_INVALID', 'session token is invalid or expired', { cause });
}

/** MAC of a bound value under a subkey of the signing key (never the signing key itself). */
function bindingMac(secret: Uint8Array, value: string): string {
  const subkey = createHmac('sha256', secret).update('parley token binding v1').digest();
  return createHmac('sha256', subkey).update(value).digest('base64url');
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The uniform `SESSION_INVALID` error for a verified token whose own claims have the wrong shape. */
export function wrongShape(what: string): ParleyError {
  return new ParleyError('SESSION_INVALID', `${what} is invalid or expired`);
}
