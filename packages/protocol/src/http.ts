/** Wire shapes of the HTTP API (docs/protocol.md). */

export interface SessionResponse {
  consumerId: string;
  sessionToken: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
  authenticated: boolean;
}

export interface AuthenticatedSessionResponse extends SessionResponse {
  authenticated: true;
  consumer: { displayName: string | null };
}

/** Body of `POST /v1/accounts/{account}/authenticate`: exactly one credential. */
export interface AuthenticateRequest {
  idToken?: string;
  code?: string;
  redirectUri?: string;
  pkceTransaction?: string;
  codeVerifier?: string;
  connector?: string;
  anonymousSessionToken?: string;
}

/** `POST /authorize/anonymous-ref`: a one-time reference to put on `GET /authorize?anonymousRef=`. */
export interface AnonymousRefResponse {
  anonymousRef: string;
  /** ISO 8601 UTC; two minutes after creation. */
  expiresAt: string;
}

export interface PkceResponse {
  transaction: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  expiresAt: string;
}

/** A value from the verified token, shown to agents. */
export interface CustomClaimView {
  claim: string;
  label: string;
  /** The value as this agent may see it: masked (`••••7890`), or null when `hidden`. */
  value: unknown;
  masked: boolean;
  /** True when the agent's role is in the claim's `hiddenFor`: the value was not sent at all. */
  hidden?: boolean;
}

/** The connector whose login verified the consumer (the *Verified* badge). */
export interface ProfileConnector {
  id: string;
  /** `connectors[].displayName`, else the connector id. */
  displayName: string;
}

/** The verified consumer profile (§4 `profile`). */
export interface ConsumerProfile {
  consumerId: string;
  authenticated: boolean;
  issuer: string | null;
  /** The connector of `issuer` (null for an anonymous consumer or a connector since removed). */
  connector?: ProfileConnector | null;
  authenticatedAt: string | null;
  verified: {
    standard: Record<string, unknown>;
    customerInfo: Record<string, unknown>;
    personalInfo: Record<string, unknown>;
    custom: CustomClaimView[];
  };
  unverified: Record<string, unknown>;
}

/** Admin consumer view (`GET /v1/admin/accounts/{account}/consumers/{id}`). */
export interface AdminConsumerView {
  consumerId: string;
  issuer: string | null;
  subject: string | null;
  authenticated: boolean;
  claims: Record<string, unknown>;
  sdes: { customerInfo: Record<string, unknown>; personalInfo: Record<string, unknown> };
  profile: ConsumerProfile;
  createdAt: string;
  lastAuthenticatedAt: string | null;
}

/**
 * An audit event on the wire (`GET /v1/admin/accounts/{account}/audit`, consumer export):
 * ids and catalogue codes only, never a token, claim value, email or IP address.
 */
export interface AuditEventView {
  id: string;
  accountId: string;
  /** ISO 8601 UTC. */
  at: string;
  type: string;
  consumerId?: string;
  agentId?: string;
  sessionId?: string;
  connectorId?: string;
  flow?: string;
  code?: string;
  detail?: Record<string, string | number | boolean>;
}

/** `GET /v1/admin/accounts/{account}/audit`: one page, newest first. */
export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
