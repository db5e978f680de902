import { createHmac } from 'node:crypto';
import { base64url, jwtVerify, type JWK } from 'jose';
import { ParleyError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import { epochSeconds } from '../clock.ts';

/** What a Parley session token asserts; the SessionStore holds the revocable half. */
export interface SessionTokenClaims {
  sessionId: string;
  accountId: string;
  consumerId: string;
  authenticated: boolean;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface SessionTokenSigner {
  sign(claims: SessionTokenClaims): Promise<string>;
  /** Checks signature, type and expiry only; revocation is the caller's store lookup. */
  verify(token: string): Promise<SessionTokenClaims>;
}

const TYP = 'parley-session+jwt';
const ISSUER = 'parley';

/**
 * Signs and verifies Parley session tokens (HS256 with the deployment's `sig` key). A distinct
 * `typ` keeps a session token from ever being accepted as anything else, and vice versa.
 *
 * @example
 * ```ts
 * const signer = await createSessionTokenSigner(signingJwk, systemClock);
 * const token = await signer.sign({ sessionId, accountId, consumerId, authenticated: true, expiresAt });
 * ```
 */
export async function createSessionTokenSigner(signingJwk: JWK, clock: Clock): Promise<SessionTokenSigner> {
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
  const header = encodeJson({ alg: 'HS256', typ: TYP, ...(signingJwk.kid ? { kid: signingJwk.kid } : {}) });
  return {
    // synchronous HMAC (node:crypto): a login signs one token, no WebCrypto job per request
    async sign(claims) {
      const payload = encodeJson({
        acc: claims.accountId,
        cid: claims.consumerId,
        auth: claims.authenticated,
        iss: ISSUER,
        jti: claims.sessionId,
        iat: epochSeconds(clock),
        exp: claims.expiresAt,
      });
      const signingInput = `${header}.${payload}`;
      return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          typ: TYP,
          issuer: ISSUER,
          currentDate: new Date(clock.now()),
          requiredClaims: ['jti', 'exp'],
        });
        const { jti, acc, cid, auth, exp } = payload;
        if (
          typeof jti !== 'string' ||
          typeof acc !== 'string' ||
          typeof cid !== 'string' ||
          typeof auth !== 'boolean'
        ) {
          throw new Error('session token claims have the wrong shape');
        }
        return {
          sessionId: jti,
          accountId: acc,
          consumerId: cid,
          authenticated: auth,
          expiresAt: exp as number,
        };
      } catch (err) {
        throw new ParleyError('SESSION_INVALID', 'session token is invalid or expired', { cause: err });
      }
    },
  };
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
