import {
  assertFlowEnabled,
  checkAnonymousSession,
  completeLogin,
  type LoginResult,
} from './complete-login.ts';
import type { IdTokenVerifierLike, LoginDeps } from './login-deps.ts';

/**
 * Implicit flow: `POST /authenticate { idToken }`. The anonymous session (step-up) is checked
 * first; then the token is verified (signature, claims, replay) and the login completed. The
 * verifier refuses a connector without `implicit` (`FLOW_NOT_ENABLED`) as soon as it has
 * routed the token, before the replay step: a refused token is not spent.
 */
export async function authenticateWithIdToken(
  deps: LoginDeps & { verifier: IdTokenVerifierLike },
  input: { idToken: string; connectorId?: string; anonymousSessionToken?: string },
): Promise<LoginResult> {
  const anonymous = await checkAnonymousSession(deps, input.anonymousSessionToken);
  // The verifier checks the flow too, but only after decrypting a JWE (its `iss` routes it):
  // a connector named in the request is refused here, before that RSA/ECDH work.
  if (input.connectorId !== undefined) assertFlowEnabled(deps, input.connectorId, 'implicit');
  const verified = await deps.verifier.verify(input.idToken, {
    connectorId: input.connectorId,
    flow: 'implicit',
  });
  return completeLogin(deps, verified, anonymous);
}
