import { ParleyError, idpUrlProblem, type UserInfoAnswer, type UserInfoRequest } from '@parley/core';
import { parleyErrorIn } from './create-idp-dispatcher.ts';

/**
 * One UserInfo request (OpenID Connect Core §5.3.1): `GET` with the access token as a Bearer
 * token (RFC 6750 §2.1), over `base` — the server's guarded fetch (SSRF guard on the address
 * connected to, response size cap) — with the connector's `idpTimeoutMs` over the whole
 * answer and no redirects. An `application/jwt` answer is returned as the token to verify,
 * anything else as JSON text for core's strict parser. The URL policy is checked first, as
 * for the token endpoint. Timeout, network failure or a non-2xx answer →
 * `ParleyError('IDP_UNAVAILABLE')` naming the endpoint's origin only; the access token never
 * appears in an error.
 */
export async function fetchUserInfo(
  base: typeof fetch,
  allowInsecureIdpUrls: boolean,
  input: UserInfoRequest,
): Promise<UserInfoAnswer> {
  const { connector, endpoint } = input;
  const origin = originOf(endpoint);
  const problem = idpUrlProblem(endpoint, allowInsecureIdpUrls);
  if (problem) throw new ParleyError('IDP_UNAVAILABLE', `UserInfo endpoint ${origin} refused: ${problem}`);
  let response: Response;
  let body: string;
  try {
    response = await base(endpoint, {
      method: 'GET',
      headers: { authorization: `Bearer ${input.accessToken}`, accept: 'application/json, application/jwt' },
      redirect: 'error',
      signal: AbortSignal.timeout(connector.idpTimeoutMs),
    });
    body = await response.text();
  } catch (err) {
    const guard = parleyErrorIn(err);
    if (guard) throw guard;
    const timedOut =
      err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const detail = timedOut
      ? `UserInfo endpoint ${origin} did not answer within ${connector.idpTimeoutMs} ms`
      : `UserInfo endpoint ${origin} is unreachable`;
    throw new ParleyError('IDP_UNAVAILABLE', detail, { cause: err });
  }
  if (!response.ok) {
    throw new ParleyError('IDP_UNAVAILABLE', `UserInfo endpoint ${origin} answered HTTP ${response.status}`, {
      cause: response.headers.get('www-authenticate')?.slice(0, 200) ?? undefined,
    });
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/jwt' ? { kind: 'jwt', token: body.trim() } : { kind: 'json', body };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'of this connector';
  }
}
