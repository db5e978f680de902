/**
 * Port: popup-window authorization states (`GET /authorize` → `GET /callback`). A state is
 * bound to the opener origin, the nonce and the PKCE verifier of one authorization request.
 */
export interface PopupStateRecord {
  /** The `state` parameter sent to the brand authorization endpoint. */
  id: string;
  accountId: string;
  connectorId: string;
  /** The opener origin (one of the account's `allowedOrigins`) the session is posted to. */
  origin: string;
  /** OIDC `nonce` sent in the authorization request. */
  nonce: string;
  /** PKCE code_verifier of this request. Secret. */
  codeVerifier: string;
  /** The `redirect_uri` used (Parley's `/callback`). */
  redirectUri: string;
  /**
   * Step-up: the id of the anonymous session whose token `/authorize` verified (never the
   * token itself). Absent when the popup was opened without one, and in records stored
   * before this field existed.
   */
  anonymousSessionId?: string;
  /**
   * base64url(SHA-256) of the random value of the popup cookie `/authorize` set in the browser
   * that started the popup; `/callback` refuses a browser without the matching cookie (login
   * CSRF: an attacker's authorization URL completed by a victim). Records without it are refused.
   */
  browserBindingHash?: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * Single-use store of popup states; same semantics as {@link PkceStore}: atomic `take`,
 * expired records returned for a while after `expiresAt`, then dropped by the adapter.
 */
export interface StateStore {
  put(record: PopupStateRecord): Promise<void>;
  /** Removes and returns the record of `id` in `accountId`; null if unknown or already taken. */
  take(accountId: string, id: string): Promise<PopupStateRecord | null>;
}
