import { ParleyError } from '../errors.ts';
import { takeAnonymousRef } from './anonymous-ref.ts';
import type { CodeFlowDeps } from './code-flow-deps.ts';
import { randomToken, s256Challenge, sha256Base64url } from './pkce-crypto.ts';
import { ONE_TIME_RECORD_TTL_MS } from './pkce-store.ts';

/** Input of {@link startPopup}. */
export interface StartPopupInput {
  /** The opener's origin; must be one of the account's `allowedOrigins`. */
  origin: string;
  connectorId?: string;
  /** Parley's callback, `{publicUrl}/v1/accounts/{account}/callback`. */
  redirectUri: string;
  /**
   * The random value of the popup cookie the server sets with this redirect; only its hash is
   * stored with the state, and `/callback` must see the same cookie.
   */
  browserBinding: string;
  /** Step-up: a reference from {@link createAnonymousRef} (never the session token itself). */
  anonymousRef?: string;
}

/**
 * Popup window, step 1 (`GET /authorize`): checks the opener origin against `allowedOrigins`
 * (`REQUEST_INVALID`, so no redirect happens), picks a connector with `code` or `pkce` and an
 * authorization endpoint (else `FLOW_NOT_ENABLED`), stores a single-use state bound to the
 * origin, a nonce and a PKCE verifier (10 min), and returns the brand authorization URL with
 * `response_type=code`, `client_id`, `redirect_uri`, `scope` (the connector's `scopes`,
 * `openid` always first), `state`, `nonce`, `code_challenge`, `code_challenge_method=S256`.
 * The state keeps the hash of `browserBinding` (the popup cookie), so only the browser that
 * started the popup can finish it. An `anonymousRef` (step-up) is taken here, before any
 * redirect (`SESSION_INVALID`); only its session id is kept in the state, and `/callback`
 * re-reads that session (see {@link finishPopupLogin}).
 *
 * @throws ParleyError `REQUEST_INVALID`, `CONNECTOR_NOT_FOUND`, `FLOW_NOT_ENABLED`,
 *   `SESSION_INVALID`, `IDP_UNAVAILABLE`.
 * @example
 * ```ts
 * const { url } = await startPopup(deps, { origin: 'https://www.acme.example', redirectUri, browserBinding });
 * reply.redirect(url);
 * ```
 */
export async function startPopup(
  deps: Pick<
    CodeFlowDeps,
    'account' | 'connectors' | 'clock' | 'states' | 'endpoints' | 'sessions' | 'anonymousRefs'
  >,
  input: StartPopupInput,
): Promise<{ url: string; state: string }> {
  const origin = allowedOrigin(deps.account.allowedOrigins, input.origin);
  const connector = deps.connectors.connectorForFlows(['code', 'pkce'], input.connectorId);
  if (!connector.flows.includes('code') && !connector.flows.includes('pkce')) {
    throw new ParleyError(
      'FLOW_NOT_ENABLED',
      `the popup needs flow "code" or "pkce" on connector "${connector.id}"`,
    );
  }
  const anonymous =
    input.anonymousRef === undefined ? null : await takeAnonymousRef(deps, input.anonymousRef);
  const { authorizationEndpoint } = await deps.endpoints.resolve(connector);
  if (authorizationEndpoint === undefined) {
    throw new ParleyError('FLOW_NOT_ENABLED', `connector "${connector.id}" has no authorization endpoint`);
  }
  const state = randomToken(32);
  const nonce = randomToken(32);
  const codeVerifier = randomToken(32);
  const now = deps.clock.now();
  await deps.states.put({
    id: state,
    accountId: deps.account.id,
    connectorId: connector.id,
    origin,
    nonce,
    codeVerifier,
    redirectUri: input.redirectUri,
    ...(anonymous === null ? {} : { anonymousSessionId: anonymous.id }),
    browserBindingHash: await sha256Base64url(input.browserBinding),
    createdAt: now,
    expiresAt: now + ONE_TIME_RECORD_TTL_MS,
  });
  const url = new URL(authorizationEndpoint);
  const params = {
    response_type: 'code',
    client_id: connector.clientId,
    redirect_uri: input.redirectUri,
    scope: authorizationScope(connector.scopes),
    state,
    nonce,
    code_challenge: await s256Challenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url: url.href, state };
}

/**
 * The `scope` parameter: `openid` (without it the IdP answers plain OAuth, no id_token) and
 * then the connector's other scopes once each, in their configured order.
 */
export function authorizationScope(scopes: readonly string[]): string {
  return ['openid', ...new Set(scopes.filter((s) => s !== 'openid'))].join(' ');
}

/** The configured allowed origin equal to `origin` (compared as URL origins), else REQUEST_INVALID. */
function allowedOrigin(allowed: readonly string[], origin: string): string {
  const wanted = originOf(origin);
  const match = wanted === null ? undefined : allowed.map(originOf).find((o) => o === wanted);
  if (match === undefined || match === null) {
    throw new ParleyError('REQUEST_INVALID', '"origin" is not an allowed origin of this account');
  }
  return match;
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
