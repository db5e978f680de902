import { AsyncLocalStorage } from 'node:async_hooks';
import { ParleyError, type AccountConfig } from '@parley/core';

/**
 * Time left to an IdP call after the deadline fired for the call itself to fail with its own,
 * more precise detail (which origin) before the login gives up on it.
 */
const SETTLE_MS = 100;

const deadlines = new AsyncLocalStorage<AbortSignal>();

/**
 * The abort signal of one IdP call allowed `timeoutMs` (the connector's `idpTimeoutMs`): its own
 * timeout, and inside {@link withIdpDeadline} also the login's deadline, so discovery, token
 * endpoint and JWKS of one login share one `idpTimeoutMs` instead of getting one each.
 *
 * @example
 * ```ts
 * await fetch(url, { signal: idpCallSignal(connector.idpTimeoutMs) });
 * ```
 */
export function idpCallSignal(timeoutMs: number): AbortSignal {
  const login = deadlines.getStore();
  const own = AbortSignal.timeout(timeoutMs);
  return login === undefined ? own : AbortSignal.any([login, own]);
}

/** The IdP deadline of a login at `account`: its connectors' longest `idpTimeoutMs`. */
export function loginIdpTimeoutMs(account: AccountConfig): number {
  return Math.max(0, ...account.connectors.map((c) => c.idpTimeoutMs));
}

/**
 * Runs one login under one IdP deadline of `timeoutMs`, counted from the start of the login:
 * time spent before the first IdP call (the account's key generation on a cold start, a DNS
 * lookup queued behind busy worker threads) is part of it. Every IdP call of the login aborts
 * at the deadline ({@link idpCallSignal}), and whatever does not stop at an abort, the login
 * answers `IDP_UNAVAILABLE` at most a moment later.
 *
 * @example
 * ```ts
 * const result = await withIdpDeadline(loginIdpTimeoutMs(account), () => authenticateWithCode(deps, input));
 * ```
 */
export async function withIdpDeadline<T>(timeoutMs: number, login: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
      timer = setTimeout(
        () =>
          reject(
            new ParleyError('IDP_UNAVAILABLE', `identity provider did not answer within ${timeoutMs} ms`),
          ),
        SETTLE_MS,
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([deadlines.run(controller.signal, login), expired]);
  } finally {
    clearTimeout(timer);
  }
}
