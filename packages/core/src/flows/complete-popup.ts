import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import { completeLogin, type LoginResult } from './complete-login.ts';
import type { CodeFlowDeps } from './code-flow-deps.ts';
import { sha256Base64url } from './pkce-crypto.ts';
import { redeemCode } from './redeem-code.ts';
import type { PopupStateRecord } from './state-store.ts';
import type { SessionRecord } from '../session/session-store.ts';

/** The query of `GET /callback` (RFC 6749 §4.1.2 success or §4.1.2.1 error response). */
export interface PopupCallbackQuery {
  state?: string;
  code?: string;
  error?: string;
  error_description?: string;
  /** RFC 9207 issuer identifier, when the IdP sends one. */
  iss?: string;
}

/**
 * Popup window, step 2a: consumes the `state` of a callback. Unknown, reused, expired, or of
 * another account → `STATE_INVALID`. `browserBinding` is the popup cookie of the browser
 * calling back: missing or not the one the state was started with (another browser finishing
 * an authorization URL it was sent: login CSRF) → `STATE_INVALID`, and the state is spent all
 * the same. The returned record names the opener origin the result may be posted to.
 */
export async function takePopupState(
  deps: Pick<CodeFlowDeps, 'account' | 'clock' | 'states'>,
  state: string | undefined,
  browserBinding: string | undefined,
): Promise<PopupStateRecord> {
  const record = state === undefined || state === '' ? null : await deps.states.take(deps.account.id, state);
  if (record === null || record.expiresAt <= deps.clock.now()) {
    throw new ParleyError('STATE_INVALID', 'popup state unknown, reused or expired');
  }
  const presented =
    browserBinding === undefined || browserBinding === '' ? null : await sha256Base64url(browserBinding);
  if (record.browserBindingHash === undefined || presented !== record.browserBindingHash) {
    throw new ParleyError('STATE_INVALID', 'popup state was started in another browser');
  }
  return record;
}

/**
 * Popup window, step 2b: handles the brand's answer for a consumed state. RFC 9207 mix-up
 * defense first: an `iss` other than the connector issuer, or no `iss` when the IdP's
 * discovery advertises `authorization_response_iss_parameter_supported` → `STATE_INVALID`.
 * An RFC 6749 error response (e.g. `access_denied`) → `CODE_EXCHANGE_FAILED` (the RFC error
 * kept as private `cause`); otherwise the code is redeemed with the state's
 * PKCE verifier and redirect URI, the id_token verified with its nonce
 * (`TOKEN_NONCE_MISMATCH`), and the login completed. A state opened with an anonymous session
 * (step-up) re-reads it first, before the code is spent: no longer live (logged out, revoked,
 * expired, already stepped up) → `SESSION_INVALID` and no login; live → the anonymous
 * consumer is stepped up into the authenticated one (`completeLogin`).
 */
export async function finishPopupLogin(
  deps: CodeFlowDeps,
  state: PopupStateRecord,
  query: PopupCallbackQuery,
): Promise<LoginResult> {
  const connector = deps.connectors.connectorById(
    state.connectorId,
    'the connector of this popup no longer exists',
  );
  await checkResponseIssuer(deps, connector, query.iss);
  if (query.error !== undefined) {
    throw new ParleyError('CODE_EXCHANGE_FAILED', 'the identity provider refused the authorization', {
      cause: `authorization error response: ${query.error}`,
    });
  }
  if (query.code === undefined || query.code === '') {
    throw new ParleyError('REQUEST_INVALID', 'the callback has no "code"');
  }
  const anonymous = await liveAnonymousSession(deps, state);
  const verified = await redeemCode(deps, connector, {
    code: query.code,
    redirectUri: state.redirectUri,
    codeVerifier: state.codeVerifier,
    nonce: state.nonce,
  });
  return completeLogin(deps, verified, anonymous);
}

/**
 * RFC 9207 §2.4: a present `iss` must be the connector issuer; an IdP that advertises the
 * parameter must send it (a response without it may come from another IdP: mix-up).
 */
async function checkResponseIssuer(
  deps: Pick<CodeFlowDeps, 'endpoints'>,
  connector: ConnectorConfig,
  iss: string | undefined,
): Promise<void> {
  if (iss !== undefined) {
    if (iss !== connector.issuer) {
      throw new ParleyError('STATE_INVALID', 'the authorization response came from another issuer');
    }
    return;
  }
  const { issParameterSupported } = await deps.endpoints.resolve(connector);
  if (issParameterSupported) {
    throw new ParleyError('STATE_INVALID', 'the authorization response has no "iss" (RFC 9207)');
  }
}

/** The state's anonymous session, re-read: it must still be live in this account. */
async function liveAnonymousSession(
  deps: CodeFlowDeps,
  state: PopupStateRecord,
): Promise<SessionRecord | null> {
  if (state.anonymousSessionId === undefined) return null;
  const session = await deps.sessions.get(state.anonymousSessionId);
  if (
    session === null ||
    session.accountId !== deps.account.id ||
    session.revokedAt !== null ||
    session.expiresAt <= deps.clock.now()
  ) {
    throw new ParleyError('SESSION_INVALID', 'the anonymous session ended before the popup returned');
  }
  return session;
}
