import { ParleyError } from '../errors.ts';
import { epochSeconds } from '../clock.ts';
import { issueSession, type IssuedSession } from '../session/session-service.ts';
import type { LoginDeps } from './login-deps.ts';

/**
 * `POST /anonymous`: a new anonymous consumer and its session, unless the account requires
 * authentication (docs/protocol.md: enforcement that really blocks).
 */
export async function startAnonymousSession(
  deps: LoginDeps,
): Promise<IssuedSession & { consumerId: string }> {
  if (deps.account.requireAuthentication) {
    throw new ParleyError('AUTHENTICATION_REQUIRED', 'this account does not allow anonymous conversations');
  }
  const consumer = await deps.consumers.createAnonymous({
    accountId: deps.account.id,
    id: globalThis.crypto.randomUUID(),
    now: deps.clock.now(),
  });
  const issued = await issueSession(deps, {
    accountId: deps.account.id,
    consumerId: consumer.id,
    authenticated: false,
    expiresAt: epochSeconds(deps.clock) + deps.account.sessionMaxSeconds,
  });
  return { ...issued, consumerId: consumer.id };
}
