import { ParleyError } from '../errors.ts';
import type { IdpHttp } from '../token/idp-http.ts';

/**
 * A minimal {@link IdpHttp} over global `fetch` for tests against a local IdP (no URL policy:
 * it permits http:// and loopback, like `security.allowInsecureIdpUrls`). The server owns the
 * production implementation.
 *
 * @example
 * ```ts
 * const idpHttp = createFetchIdpHttp();
 * await idpHttp.getJson(`${issuer}/.well-known/openid-configuration`, { timeoutMs: 5000 });
 * ```
 */
export function createFetchIdpHttp(): IdpHttp & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getJson(url, { timeoutMs }) {
      calls.push(url);
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/json' },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return await response.json();
      } catch (err) {
        throw new ParleyError('IDP_UNAVAILABLE', 'identity provider request failed', { cause: err });
      }
    },
  };
}
