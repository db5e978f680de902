import { SignJWT, jwtVerify, importJWK, type JWK } from 'jose';
import { ParleyError } from '../errors.ts';
import { epochSeconds, type Clock } from '../clock.ts';
import type { AgentRecord } from './agent-directory.ts';

/** What an agent session token asserts. */
export interface AgentTokenClaims {
  tokenId: string;
  accountId: string;
  agentId: string;
  role: AgentRecord['role'];
  /** Epoch seconds. */
  expiresAt: number;
}

export interface AgentTokenSigner {
  sign(claims: AgentTokenClaims): Promise<string>;
  /** Signature, `typ`, issuer and expiry; any failure is `SESSION_INVALID`. */
  verify(token: string): Promise<AgentTokenClaims>;
}

const TYP = 'parley-agent+jwt';
const ISSUER = 'parley';
const ROLES = new Set(['agent', 'supervisor', 'admin']);

/**
 * Signs and verifies agent session tokens with the deployment's session key. Its `typ`
 * (`parley-agent+jwt`) differs from consumer session tokens (`parley-session+jwt`), and each
 * verifier requires its own, so a consumer token is never an agent token and vice versa.
 *
 * @example
 * ```ts
 * const signer = await createAgentTokenSigner(signingJwk, systemClock);
 * ```
 */
export async function createAgentTokenSigner(signingJwk: JWK, clock: Clock): Promise<AgentTokenSigner> {
  if (signingJwk.kty !== 'oct') throw new TypeError('session signing key must be an oct JWK');
  const key = await importJWK({ ...signingJwk, alg: 'HS256' }, 'HS256');
  return {
    async sign(claims) {
      return new SignJWT({ acc: claims.accountId, aid: claims.agentId, role: claims.role })
        .setProtectedHeader({ alg: 'HS256', typ: TYP, ...(signingJwk.kid ? { kid: signingJwk.kid } : {}) })
        .setIssuer(ISSUER)
        .setJti(claims.tokenId)
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
        const { jti, acc, aid, role, exp } = payload;
        if (
          typeof jti !== 'string' ||
          typeof acc !== 'string' ||
          typeof aid !== 'string' ||
          !ROLES.has(role as string)
        ) {
          throw new Error('agent token claims have the wrong shape');
        }
        return {
          tokenId: jti,
          accountId: acc,
          agentId: aid,
          role: role as AgentRecord['role'],
          expiresAt: exp as number,
        };
      } catch (err) {
        throw new ParleyError('SESSION_INVALID', 'agent session token is invalid or expired', { cause: err });
      }
    },
  };
}
