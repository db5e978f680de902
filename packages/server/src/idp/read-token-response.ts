import { ParleyError } from '@parley/core';

/**
 * Reads a brand token endpoint answer (RFC 6749 §5.1 / §5.2) and returns its raw `id_token`,
 * unverified: the caller hands it to Parley's id_token verifier (JWS or JWE alike).
 *
 * A 5xx → `IDP_UNAVAILABLE`; an error answer (`invalid_grant`, ...), a body that is not a JSON
 * object, or no `id_token` → `CODE_EXCHANGE_FAILED`. The RFC `error` and status are kept only
 * as the private `cause` (`"invalid_grant (HTTP 400)"`); the body is never echoed, since it
 * may hold tokens.
 *
 * @example
 * ```ts
 * const idToken = await readTokenResponse(await fetch(tokenEndpoint, init), origin);
 * ```
 */
export async function readTokenResponse(response: Response, origin: string): Promise<string> {
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new ParleyError('IDP_UNAVAILABLE', `token endpoint ${origin} answered HTTP ${response.status}`);
  }
  const body = await jsonObjectOf(response);
  if (response.status === 200 && body === null) {
    throw new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint response was not usable', {
      cause: 'invalid_response (HTTP 200)',
    });
  }
  if (response.status !== 200 || body === null) {
    const error = typeof body?.error === 'string' ? body.error : 'invalid_response';
    throw new ParleyError('CODE_EXCHANGE_FAILED', 'the identity provider refused the authorization code', {
      cause: `${error} (HTTP ${response.status})`,
    });
  }
  if (typeof body.id_token !== 'string' || body.id_token === '') {
    throw new ParleyError('CODE_EXCHANGE_FAILED', 'the token endpoint answered without an id_token');
  }
  return body.id_token;
}

async function jsonObjectOf(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
