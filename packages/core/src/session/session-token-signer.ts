import { SignJWT, jwtVerify, importJWK, type JWK } from 'jose';
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
  if (signingJwk.kty !== 'oct') throw new TypeError('session signing key must be an oct JWK');
  const key = await importJWK({ ...signingJwk, alg: 'HS256' }, 'HS256');
  return {
    async sign(claims) {
      return new SignJWT({ acc: claims.accountId, cid: claims.consumerId, auth: claims.authenticated })
        .setProtectedHeader({ alg: 'HS256', typ: TYP, ...(signingJwk.kid ? { kid: signingJwk.kid } : {}) })
        .setIssuer(ISSUER)
        .setJti(claims.sessionId)
        .setIssuedAt(epochSeconds(clock))
        .setExpirationTime(claims.expiresAt)
        .sign(key);
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
        if (typeof jti !== 'string' || typeof acc !== 'string' || typeof cid !== 'string' || typeof auth !== 'boolean') {
          throw new Error('session token claims have the wrong shape');
        }
        return { sessionId: jti, accountId: acc, consumerId: cid, authenticated: auth, expiresAt: exp as number };
      } catch (err) {
        throw new ParleyError('SESSION_INVALID', 'session token is invalid or expired', { cause: err });
      }
    },
  };
}
