import type { Clock } from '../clock.ts';
import type { SessionKeyring } from '../keys/session-keyring.ts';
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
  /**
   * Checks key (this account's consumer keys only), signature, type and expiry; revocation is
   * the caller's store lookup.
   */
  verify(accountId: string, token: string): Promise<SessionTokenClaims>;
}

const TYP = 'parley-session+jwt';

/**
 * Signs and verifies Parley consumer session tokens (HS256 with the account's current consumer
 * key, `kid` in the header). The keyring must be of kind `consumer`; with the distinct `typ`
 * this keeps a session token from ever being accepted as anything else, and vice versa.
 *
 * @example
 * ```ts
 * const signer = createSessionTokenSigner(createSessionKeyring({ keyStore, kind: 'consumer', clock }), clock);
 * const token = await signer.sign({ sessionId, accountId, consumerId, authenticated: true, expiresAt });
 * ```
 */
export function createSessionTokenSigner(keyring: SessionKeyring, clock: Clock): SessionTokenSigner {
  if (keyring.kind !== 'consumer') throw new TypeError('session tokens need the consumer keyring');
  const jwt = createParleyJwt({ keyring, typ: TYP, clock });
  return {
    async sign(claims) {
      return jwt.sign(claims.accountId, {
        acc: claims.accountId,
        cid: claims.consumerId,
        auth: claims.authenticated,
        jti: claims.sessionId,
        exp: claims.expiresAt,
      });
    },
    async verify(accountId, token) {
      const { jti, acc, cid, auth, exp } = (await jwt.verify(accountId, token)).payload;
      if (typeof acc !== 'string' || typeof cid !== 'string' || typeof auth !== 'boolean') {
        throw wrongShape('session token');
      }
      return { sessionId: jti, accountId: acc, consumerId: cid, authenticated: auth, expiresAt: exp };
    },
  };
}
