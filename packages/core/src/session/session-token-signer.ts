import type { JWK } from 'jose';
import type { Clock } from '../clock.ts';
import { createParleyJwt, wrongShape } from './create-parley-jwt.ts';

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
  const jwt = await createParleyJwt({ signingJwk, typ: TYP, clock });
  return {
    async sign(claims) {
      return jwt.sign({
        acc: claims.accountId,
        cid: claims.consumerId,
        auth: claims.authenticated,
        jti: claims.sessionId,
        exp: claims.expiresAt,
      });
    },
    async verify(token) {
      const { jti, acc, cid, auth, exp } = await jwt.verify(token);
      if (typeof acc !== 'string' || typeof cid !== 'string' || typeof auth !== 'boolean') {
        throw wrongShape('session token');
      }
      return { sessionId: jti, accountId: acc, consumerId: cid, authenticated: auth, expiresAt: exp };
    },
  };
}
