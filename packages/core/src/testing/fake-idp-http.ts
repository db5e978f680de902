import { ParleyError } from '../errors.ts';
import type { IdpHttp } from '../token/idp-http.ts';

/** A scriptable in-memory {@link IdpHttp}. */
export interface FakeIdpHttp extends IdpHttp {
  /** Every URL requested, in order. */
  calls: string[];
  /** Serve `document` at `url` (replacing any previous one). */
  serve(url: string, document: unknown): void;
  /** While true every request fails with `IDP_UNAVAILABLE` (the IdP is "down"). */
  down: boolean;
  /** Optional delay before answering, to test concurrent requests. */
  delayMs: number;
}

/**
 * An in-memory IdP HTTP port serving fixed JSON documents, counting calls.
 *
 * @example
 * ```ts
 * const idpHttp = createFakeIdpHttp({ 'https://idp.example/jwks': { keys: [publicJwk] } });
 * idpHttp.calls.length; // fetches so far
 * ```
 */
export function createFakeIdpHttp(documents: Record<string, unknown> = {}): FakeIdpHttp {
  const served = new Map(Object.entries(documents));
  const fake: FakeIdpHttp = {
    calls: [],
    down: false,
    delayMs: 0,
    serve: (url, document) => void served.set(url, document),
    async getJson(url) {
      fake.calls.push(url);
      if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      if (fake.down || !served.has(url)) throw new ParleyError('IDP_UNAVAILABLE', 'fake IdP: unavailable');
      return structuredClone(served.get(url));
    },
  };
  return fake;
}
