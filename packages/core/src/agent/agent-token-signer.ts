import type { Clock } from '../clock.ts';
import type { SessionKeyring } from '../keys/session-keyring.ts';
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

/** A verified agent token: its claims, and whether it was issued for these credentials. */
export interface VerifiedAgentToken extends AgentTokenClaims {
  /** True when the token was signed for exactly this `agentCredential(...)` value. */
  issuedFor(credential: string): boolean;
}

export interface AgentTokenSigner {
  /** `credential` (see `agentCredential`) is bound into the token as a keyed MAC. */
  sign(claims: AgentTokenClaims, credential: string): Promise<string>;
  /** Key (this account's agent keys only), signature, `typ`, issuer, expiry; else `SESSION_INVALID`. */
  verify(accountId: string, token: string): Promise<VerifiedAgentToken>;
}

const TYP = 'parley-agent+jwt';
const ROLES = new Set(['agent', 'supervisor', 'admin']);

/**
 * Signs and verifies agent session tokens with the account's agent keys (a key series apart
 * from the consumer keys, `kid` in the header). Its `typ` (`parley-agent+jwt`) also differs from
 * consumer session tokens (`parley-session+jwt`), so a consumer token is never an agent token and
 * vice versa.
 */
export function createAgentTokenSigner(keyring: SessionKeyring, clock: Clock): AgentTokenSigner {
  if (keyring.kind !== 'agent') throw new TypeError('agent tokens need the agent keyring');
  const jwt = createParleyJwt({ keyring, typ: TYP, clock });
  return {
    async sign(claims, credential) {
      return jwt.sign(
        claims.accountId,
        {
          acc: claims.accountId,
          aid: claims.agentId,
          role: claims.role,
          jti: claims.tokenId,
          exp: claims.expiresAt,
        },
        credential,
      );
    },
    async verify(accountId, token) {
      const { payload, boundTo } = await jwt.verify(accountId, token);
      const { jti, acc, aid, role, exp } = payload;
      if (typeof acc !== 'string' || typeof aid !== 'string' || !ROLES.has(role as string)) {
        throw wrongShape('agent session token');
      }
      return {
        tokenId: jti,
        accountId: acc,
        agentId: aid,
        role: role as AgentRecord['role'],
        expiresAt: exp,
        issuedFor: boundTo,
      };
    },
  };
}
