import { createHmac } from 'node:crypto';
import { base64url, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { ParleyError } from '../errors.ts';
import { epochSeconds, type Clock } from '../clock.ts';

/** Claims every Parley-issued token carries besides its own: `jti` and `exp` (epoch seconds). */
export interface ParleyJwtClaims {
  jti: string;
  exp: number;
  [claim: string]: unknown;
}

/** HS256 tokens Parley issues to itself (consumer sessions, agent sessions), one `typ` each. */
export interface ParleyJwt {
  sign(claims: ParleyJwtClaims): string;
  /** Signature, `typ`, issuer, `jti` and expiry; any failure is `SESSION_INVALID`. */
  verify(token: string): Promise<JWTPayload & ParleyJwtClaims>;
}

const ISSUER = 'parley';

/**
 * The shared mechanics of Parley's own tokens, signed with the deployment's `sig` key. Each
 * kind has its own `typ` and every verifier requires exactly its `typ`, so a consumer session
 * token is never accepted as an agent token or vice versa. Signing is a synchronous HMAC
 * (node:crypto: no WebCrypto job per login); the verify key is imported once.
 *
 * @example
 * ```ts
 * const jwt = await createParleyJwt({ signingJwk, typ: 'parley-session+jwt', clock: systemClock });
 * const token = jwt.sign({ jti: sessionId, exp, acc: 'acme' });
 * ```
 */
export async function createParleyJwt(options: {
  signingJwk: JWK;
  typ: string;
  clock: Clock;
}): Promise<ParleyJwt> {
  const { signingJwk, typ, clock } = options;
  if (signingJwk.kty !== 'oct' || typeof signingJwk.k !== 'string') {
    throw new TypeError('session signing key must be an oct JWK');
  }
  const secret = base64url.decode(signingJwk.k);
  if (secret.length === 0) throw new TypeError('session signing key must not be empty');
  // imported once: jose re-imports a raw Uint8Array secret on every call
  const key = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const header = encodeJson({ alg: 'HS256', typ, ...(signingJwk.kid ? { kid: signingJwk.kid } : {}) });
  return {
    sign(claims) {
      const payload = encodeJson({ ...claims, iss: ISSUER, iat: epochSeconds(clock) });
      const signingInput = `${header}.${payload}`;
      return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          typ,
          issuer: ISSUER,
          currentDate: new Date(clock.now()),
          requiredClaims: ['jti', 'exp'],
        });
        if (typeof payload.jti !== 'string') throw new Error('jti is not a string');
        return payload as JWTPayload & ParleyJwtClaims;
      } catch (err) {
        throw new ParleyError('SESSION_INVALID', 'session token is invalid or expired', { cause: err });
      }
    },
  };
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The uniform `SESSION_INVALID` error for a verified token whose own claims have the wrong shape. */
export function wrongShape(what: string): ParleyError {
  return new ParleyError('SESSION_INVALID', `${what} is invalid or expired`);
}
