import {
  isParleyError,
  type AccountConfig,
  type AuditFlow,
  type AuditLog,
  type LoginResult,
} from '@parley/core';

/** The catalogue code of a failure (`INTERNAL_ERROR` for anything else): never its message. */
export function failureCode(err: unknown): string {
  return isParleyError(err) ? err.code : 'INTERNAL_ERROR';
}

/** A connector id from a request, kept only if the account configures it (no caller text in the log). */
export function knownConnectorId(
  account: AccountConfig,
  connectorId: string | undefined,
): string | undefined {
  return account.connectors.some((c) => c.id === connectorId) ? connectorId : undefined;
}

/**
 * Records a consumer login: `consumer.login`, plus `consumer.step_up` naming the anonymous
 * consumer when one was merged. Ids only; one insert on the usual (no step-up) path.
 */
export async function recordLogin(
  audit: AuditLog,
  accountId: string,
  flow: AuditFlow,
  result: LoginResult,
): Promise<void> {
  const facts = {
    accountId,
    consumerId: result.consumerId,
    sessionId: result.session.id,
    connectorId: result.session.connectorId ?? undefined,
    flow,
  };
  await audit.record({ ...facts, type: 'consumer.login' });
  if (result.steppedUpFrom !== null) {
    await audit.record({
      ...facts,
      type: 'consumer.step_up',
      detail: { anonymousConsumerId: result.steppedUpFrom },
    });
  }
}

/**
 * Records `consumer.login_failed` with the catalogue code only: no token, claim or consumer
 * (an unverified credential names nobody). Callers record only once the account is known.
 */
export async function recordLoginFailure(
  audit: AuditLog,
  account: AccountConfig,
  input: { flow: AuditFlow; err: unknown; connectorId?: string | undefined },
): Promise<void> {
  await audit.record({
    accountId: account.id,
    type: 'consumer.login_failed',
    flow: input.flow,
    code: failureCode(input.err),
    connectorId: knownConnectorId(account, input.connectorId),
  });
}
