import { ParleyError, type IdpHttp } from '@parley/core';
import { assertPublicIdpHost, type LookupAll } from './assert-public-idp-host.ts';
import { idpCallSignal, untilAborted } from './idp-deadline.ts';

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
 * shared by all its calls: {@link idpCallSignal}) covering the host check, headers and body, no redirects, a response size
 * cap, and — unless `allowInsecureIdpUrls` — https only and an SSRF guard that refuses a host
 * whose resolved addresses include a loopback, private, link-local or unspecified one.
 * Every failure is a `ParleyError('IDP_UNAVAILABLE')` whose detail names only the URL's origin
 * (never its path or query); the underlying error is kept as the private `cause`.
 *
 * Known limit: the addresses are checked before fetch connects and fetch resolves the name
 * again, so DNS rebinding between the two is not caught (see {@link assertPublicIdpHost}).
 *
 * @example
 * ```ts
 * const idpHttp = createFetchIdpHttp({ allowInsecureIdpUrls: config.security.allowInsecureIdpUrls });
 * const jwks = await idpHttp.getJson('https://login.acme.example/jwks', { timeoutMs: 10_000 });
 * ```
 */
export function createFetchIdpHttp(options: FetchIdpHttpOptions): IdpHttp {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_IDP_RESPONSE_BYTES;
  return {
    async getJson(url, { timeoutMs }) {
      const target = parseUrl(url);
      const origin = target.origin;
      // one signal for the whole call: the host check, the headers and the body
      const signal = idpCallSignal(timeoutMs);
      let response: Response;
      try {
        if (!options.allowInsecureIdpUrls)
          await untilAborted(assertPublicIdpHost(target, options.lookup), signal);
        response = await fetch(target, {
          method: 'GET',
          headers: { accept: 'application/json' },
          redirect: 'error',
          signal,
        });
      } catch (err) {
        throw err instanceof ParleyError ? err : unavailable(origin, err, timeoutMs);
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
        throw err instanceof ParleyError ? err : unavailable(origin, err, timeoutMs);
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
