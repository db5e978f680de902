import { assertPublicIdpHost, type LookupAll } from './assert-public-idp-host.ts';
import { DEFAULT_MAX_IDP_RESPONSE_BYTES } from './fetch-idp-http.ts';
import { untilAborted } from './idp-deadline.ts';

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** `security.allowInsecureIdpUrls`: skip the SSRF guard (dev/test only). */
  allowInsecureIdpUrls: boolean;
  /** Largest response body passed on, in bytes; beyond it reading the body fails. Default 512 KiB. */
  maxResponseBytes?: number;
  lookup?: LookupAll;
  /** The underlying fetch; default global fetch. */
  fetch?: typeof fetch;
}

/**
 * A `fetch` for calls to brand IdPs made by libraries (the openid-client token request): the
 * same SSRF guard as the IdpHttp port ({@link assertPublicIdpHost}, skipped when
 * `allowInsecureIdpUrls`) before connecting, and a cap on the response body size.
 *
 * @example
 * ```ts
 * const app = await buildApp({ ..., codeFlowFetch: createGuardedFetch({ allowInsecureIdpUrls: false }) });
 * ```
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const base = options.fetch ?? fetch;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_IDP_RESPONSE_BYTES;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // the DNS lookup cannot be aborted, but the caller's deadline still holds over it
    if (!options.allowInsecureIdpUrls)
      await untilAborted(assertPublicIdpHost(url, options.lookup), init?.signal);
    const response = await base(input, init);
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
