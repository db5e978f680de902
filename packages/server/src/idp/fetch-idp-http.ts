import { lookup as dnsLookup } from 'node:dns/promises';
import { ParleyError, idpUrlProblem, isPrivateAddress, type IdpHttp } from '@parley/core';

/** Resolves a hostname to every address it has (the shape of `dns.promises.lookup(h, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<readonly { address: string }[]>;

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

const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The real IdpHttp port over global fetch: a timeout per call, no redirects, a response size
 * cap, and — unless `allowInsecureIdpUrls` — https only and an SSRF guard that refuses a host
 * whose resolved addresses include a loopback, private, link-local or unspecified one.
 * Every failure is a `ParleyError('IDP_UNAVAILABLE')` whose detail names only the URL's origin
 * (never its path or query); the underlying error is kept as the private `cause`.
 *
 * Known limit: the addresses are checked before fetch connects, and fetch resolves the name
 * again, so a DNS answer that changes in between (DNS rebinding) is not caught. Closing that
 * gap needs a custom dispatcher that connects to the checked address.
 *
 * @example
 * ```ts
 * const idpHttp = createFetchIdpHttp({ allowInsecureIdpUrls: config.security.allowInsecureIdpUrls });
 * const jwks = await idpHttp.getJson('https://login.acme.example/jwks', { timeoutMs: 10_000 });
 * ```
 */
export function createFetchIdpHttp(options: FetchIdpHttpOptions): IdpHttp {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_IDP_RESPONSE_BYTES;
  const lookup = options.lookup ?? defaultLookup;
  return {
    async getJson(url, { timeoutMs }) {
      const target = parseUrl(url);
      if (!options.allowInsecureIdpUrls) await assertPublicTarget(target, url, lookup);
      const origin = target.origin;
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'GET',
          headers: { accept: 'application/json' },
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw unavailable(origin, err, timeoutMs);
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

async function assertPublicTarget(target: URL, url: string, lookup: LookupAll): Promise<void> {
  const problem = idpUrlProblem(url, false);
  if (problem)
    throw new ParleyError('IDP_UNAVAILABLE', `identity provider URL ${target.origin} refused: ${problem}`);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  let addresses: readonly { address: string }[];
  try {
    addresses = await lookup(hostname);
  } catch (err) {
    throw new ParleyError(
      'IDP_UNAVAILABLE',
      `identity provider at ${target.origin}: host name not resolved`,
      {
        cause: err,
      },
    );
  }
  if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
    throw new ParleyError(
      'IDP_UNAVAILABLE',
      `identity provider URL ${target.origin} refused: resolves to a loopback or private address (or set security.allowInsecureIdpUrls)`,
    );
  }
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
