import { assertPublicIdpUrl, type LookupAll } from './assert-public-idp-host.ts';
import { createIdpDispatcher, parleyErrorIn } from './create-idp-dispatcher.ts';
import { DEFAULT_MAX_IDP_RESPONSE_BYTES } from './fetch-idp-http.ts';

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** `security.allowInsecureIdpUrls`: skip the SSRF guard (dev/test only). */
  allowInsecureIdpUrls: boolean;
  /** Largest response body passed on, in bytes; beyond it reading the body fails. Default 512 KiB. */
  maxResponseBytes?: number;
  /** DNS resolution of the SSRF guard (tests replace it); default node:dns lookup, all addresses. */
  lookup?: LookupAll;
  /** The underlying fetch; default global fetch. It must honour the `dispatcher` init option. */
  fetch?: typeof fetch;
}

/**
 * A `fetch` for calls to brand IdPs made by libraries (the openid-client token and UserInfo
 * requests): the same SSRF guard as the IdpHttp port (skipped when `allowInsecureIdpUrls`):
 * IP-literal hosts checked before the call, names resolved once and checked by the connection's
 * own lookup (`createIdpDispatcher`, so the checked address is the one connected to); and a
 * cap on the response body size. A refusal is the guard's `ParleyError('IDP_UNAVAILABLE')`.
 *
 * @example
 * ```ts
 * const app = await buildApp({ ..., codeFlowFetch: createGuardedFetch({ allowInsecureIdpUrls: false }) });
 * ```
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const base = options.fetch ?? fetch;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_IDP_RESPONSE_BYTES;
  const dispatcher = options.allowInsecureIdpUrls ? undefined : createIdpDispatcher(options.lookup);
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    let response: Response;
    if (dispatcher) {
      assertPublicIdpUrl(url);
      try {
        // the caller's signal (a login's deadline) covers the lookup the dispatcher makes too
        response = await base(input, { ...init, dispatcher } as RequestInit);
      } catch (err) {
        throw parleyErrorIn(err) ?? err;
      }
    } else {
      response = await base(input, init);
    }
    if (!response.body) return response;
    const body = response.body.pipeThrough(capBytes(maxBytes, url.origin));
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function capBytes(maxBytes: number, origin: string): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBytes)
        controller.error(new Error(`identity provider at ${origin} sent more than ${maxBytes} bytes`));
      else controller.enqueue(chunk);
    },
  });
}
