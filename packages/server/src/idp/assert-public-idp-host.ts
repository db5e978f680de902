import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ParleyError, idpUrlProblem } from '@parley/core';
import { isBlockedIdpAddress } from './is-blocked-idp-address.ts';

/** Resolves a hostname to every address it has (the shape of `dns.promises.lookup(h, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<readonly { address: string; family?: number }[]>;

/** node:dns lookup, every address, in the resolver's order. */
export const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The URL half of the SSRF guard, without DNS: https only, not `localhost`, and an IP-literal
 * host must not be refused by {@link isBlockedIdpAddress} (a connection to a literal never
 * resolves, so this is its only check). Names are checked when connecting (see
 * `createIdpDispatcher`). Throws `ParleyError('IDP_UNAVAILABLE')` naming only the URL's origin.
 *
 * @example
 * ```ts
 * assertPublicIdpUrl(new URL('https://[::ffff:127.0.0.1]/jwks')); // throws IDP_UNAVAILABLE
 * ```
 */
export function assertPublicIdpUrl(target: URL): void {
  const problem = idpUrlProblem(target.href, false);
  if (problem)
    throw new ParleyError('IDP_UNAVAILABLE', `identity provider URL ${target.origin} refused: ${problem}`);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isBlockedIdpAddress(host)) throw refusedAddress(target.origin);
}

/**
 * Resolves `hostname` once and returns its addresses when none is refused by
 * {@link isBlockedIdpAddress}; else `ParleyError('IDP_UNAVAILABLE')` naming `origin`. The
 * dispatcher connects to exactly the addresses returned here, so a DNS answer that changes
 * between check and connection (DNS rebinding) cannot reach a private address.
 */
export async function resolvePublicIdpAddresses(
  hostname: string,
  origin: string,
  lookup: LookupAll = defaultLookup,
): Promise<readonly { address: string; family?: number }[]> {
  let addresses: readonly { address: string; family?: number }[];
  try {
    addresses = await lookup(hostname);
  } catch (err) {
    throw new ParleyError('IDP_UNAVAILABLE', `identity provider at ${origin}: host name not resolved`, {
      cause: err,
    });
  }
  if (addresses.length === 0 || addresses.some((a) => isBlockedIdpAddress(a.address))) {
    throw refusedAddress(origin);
  }
  return addresses;
}

/**
 * SSRF pre-flight for a brand IdP URL when `security.allowInsecureIdpUrls` is false (used by
 * `parley doctor`): {@link assertPublicIdpUrl}, then none of the addresses the name resolves
 * to may be loopback, private, link-local, reserved or an IPv6 form embedding such an IPv4
 * address. Calls to IdPs do not rely on it: their dispatcher checks the addresses it connects to.
 *
 * @example
 * ```ts
 * await assertPublicIdpHost(new URL('https://login.acme.example/jwks'));
 * ```
 */
export async function assertPublicIdpHost(target: URL, lookup: LookupAll = defaultLookup): Promise<void> {
  assertPublicIdpUrl(target);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) await resolvePublicIdpAddresses(host, target.origin, lookup);
}

function refusedAddress(origin: string): ParleyError {
  return new ParleyError(
    'IDP_UNAVAILABLE',
    `identity provider URL ${origin} refused: resolves to a loopback, private or reserved address (or set security.allowInsecureIdpUrls)`,
  );
}
