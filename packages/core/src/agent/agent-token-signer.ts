import type { JWK } from 'jose';
import type { Clock } from '../clock.ts';
import { createParleyJwt, wrongShape } from '../session/create-parley-jwt.ts';
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
  const jwt = await createParleyJwt({ signingJwk, typ: TYP, clock });
  return {
    async sign(claims) {
      return jwt.sign({
        acc: claims.accountId,
        aid: claims.agentId,
        role: claims.role,
        jti: claims.tokenId,
        exp: claims.expiresAt,
      });
    },
    async verify(token) {
      const { jti, acc, aid, role, exp } = await jwt.verify(token);
      if (typeof acc !== 'string' || typeof aid !== 'string' || !ROLES.has(role as string)) {
        throw wrongShape('agent session token');
      }
      return {
        tokenId: jti,
        accountId: acc,
        agentId: aid,
        role: role as AgentRecord['role'],
        expiresAt: exp,
      };
    },
  };
}
