import type { OneTimeRecord, OneTimeStore } from './pkce-store.ts';

/**
 * Port: popup-window authorization states (`GET /authorize` → `GET /callback`). A state is
 * bound to the opener origin, the nonce and the PKCE verifier of one authorization request.
 */
export interface PopupStateRecord extends OneTimeRecord {
  /** The `state` parameter sent to the brand authorization endpoint. */
  id: string;
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
}

/** Single-use store of popup states (atomic `take`, see {@link OneTimeStore}). */
export type StateStore = OneTimeStore<PopupStateRecord>;
