import { ParleyError, type IdpHttp } from '@parley/core';
import { assertPublicIdpUrl, type LookupAll } from './assert-public-idp-host.ts';
import { createIdpDispatcher, parleyErrorIn } from './create-idp-dispatcher.ts';
import { idpCallSignal } from './idp-deadline.ts';

/** Options of {@link createFetchIdpHttp}. */
export interface FetchIdpHttpOptions {
  /** `security.allowInsecureIdpUrls`: permits http:// and loopback/private hosts (dev/test only). */
  allowInsecureIdpUrls: boolean;
  /** Largest response body accepted, in bytes. Default 512 KiB. */
  maxResponseBytes?: number;
  /** DNS resolution used by the SSRF guard; tests may replace it. Default: node:dns lookup, all addresses. */
  lookup?: LookupAll;
}

/** Default cap on an IdP response body (discovery documents and JWKS are a few KB). */
export const DEFAULT_MAX_IDP_RESPONSE_BYTES = 512 * 1024;

/**
 * The real IdpHttp port over global fetch: a timeout per call (within a login, one deadline
 * shared by all its calls: {@link idpCallSignal}) covering the DNS lookup, the headers and the
 * body, no redirects, a response size cap, and — unless `allowInsecureIdpUrls` — https only and
 * an SSRF guard: an IP-literal host is checked before the call, and a name is resolved once by
 * the connection itself (`createIdpDispatcher`), refused when any address is loopback, private,
 * link-local or reserved (IPv4-mapped, NAT64 and 6to4 forms included), and connected to exactly
 * the addresses checked. Every failure is a `ParleyError('IDP_UNAVAILABLE')` whose detail names
 * only the URL's origin or host (never its path or query); the underlying error is kept as the
 * private `cause`.
 *
 * @example
 * ```ts
 * const idpHttp = createFetchIdpHttp({ allowInsecureIdpUrls: config.security.allowInsecureIdpUrls });
 * const jwks = await idpHttp.getJson('https://login.acme.example/jwks', { timeoutMs: 10_000 });
 * ```
 */
export function createFetchIdpHttp(options: FetchIdpHttpOptions): IdpHttp {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_IDP_RESPONSE_BYTES;
  const dispatcher = options.allowInsecureIdpUrls ? undefined : createIdpDispatcher(options.lookup);
  return {
    async getJson(url, { timeoutMs }) {
      const target = parseUrl(url);
      if (dispatcher) assertPublicIdpUrl(target);
      const origin = target.origin;
      // one signal for the whole call: the dispatcher's DNS lookup, the headers and the body
      const signal = idpCallSignal(timeoutMs);
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'GET',
          headers: { accept: 'application/json' },
          redirect: 'error',
          signal,
          ...(dispatcher ? { dispatcher } : {}),
        } as RequestInit);
      } catch (err) {
        throw parleyErrorIn(err) ?? (err instanceof ParleyError ? err : unavailable(origin, err, timeoutMs));
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new ParleyError(
          'IDP_UNAVAILABLE',
          `identity provider at ${origin} answered HTTP ${response.status}`,
        );
      }
      let text: string;
      try {
        text = await readCapped(response, maxBytes, origin);
      } catch (err) {
        throw parleyErrorIn(err) ?? unavailable(origin, err, timeoutMs);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new ParleyError('IDP_UNAVAILABLE', `identity provider at ${origin} did not answer JSON`, {
          cause: err,
        });
      }
    },
  };
}

function parseUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
  } catch {
    // fall through
  }
  throw new ParleyError('IDP_UNAVAILABLE', 'identity provider URL is not an http(s) URL');
}

/** Reads the body as a stream, stopping (and cancelling the download) beyond `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, origin: string): Promise<string> {
  const tooLarge = () =>
    new ParleyError('IDP_UNAVAILABLE', `identity provider at ${origin} sent more than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

function unavailable(origin: string, err: unknown, timeoutMs: number): ParleyError {
  const timedOut = err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const detail = timedOut
    ? `identity provider at ${origin} did not answer within ${timeoutMs} ms`
    : `identity provider at ${origin} is unreachable`;
  return new ParleyError('IDP_UNAVAILABLE', detail, { cause: err });
}
