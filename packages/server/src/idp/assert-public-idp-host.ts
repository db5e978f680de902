import { lookup as dnsLookup } from 'node:dns/promises';
import { ParleyError, idpUrlProblem, isPrivateAddress } from '@parley/core';

/** Resolves a hostname to every address it has (the shape of `dns.promises.lookup(h, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<readonly { address: string }[]>;

const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * SSRF guard for a brand IdP URL when `security.allowInsecureIdpUrls` is false: https only, the
 * host is not a loopback/private literal, and none of the addresses its name resolves to is
 * loopback, private, link-local or unspecified (core's `isPrivateAddress`). Throws
 * `ParleyError('IDP_UNAVAILABLE')` naming only the URL's origin.
 *
 * Known limit: fetch resolves the name again when it connects, so a DNS answer that changes
 * between this check and the connection (DNS rebinding) is not caught. Closing that gap needs a
 * dispatcher that connects to the checked address.
 *
 * @example
 * ```ts
 * await assertPublicIdpHost(new URL('https://login.acme.example/jwks'));
 * ```
 */
export async function assertPublicIdpHost(target: URL, lookup: LookupAll = defaultLookup): Promise<void> {
  const problem = idpUrlProblem(target.href, false);
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
