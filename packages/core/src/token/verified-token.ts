import type { JWTHeaderParameters, JWTPayload } from 'jose';

/** The result of verifying a brand id_token: everything downstream needs, nothing raw. */
export interface VerifiedIdToken {
  connectorId: string;
  issuer: string;
  /** Value of the connector's `subjectClaim`. */
  subject: string;
  /** The full verified payload. */
  claims: JWTPayload & Record<string, unknown>;
  header: JWTHeaderParameters;
  /** Epoch seconds. */
  expiresAt: number;
  /** True when the token arrived as a JWE. */
  encrypted: boolean;
  /** base64url SHA-256 of the (inner) JWS signature bytes: the token's replay identity. */
  signatureSha256: string;
}
