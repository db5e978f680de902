import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { Agent, type Dispatcher } from 'undici';
import { isParleyError, type ParleyError } from '@parley/core';
import { defaultLookup, resolvePublicIdpAddresses, type LookupAll } from './assert-public-idp-host.ts';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The connection pool for calls to brand IdPs without `security.allowInsecureIdpUrls`: an
 * undici Agent (passed to fetch as `dispatcher`) whose socket `lookup` resolves each host name
 * once, refuses it when any address is loopback/private/reserved
 * ({@link resolvePublicIdpAddresses}), and hands exactly those checked addresses to the
 * connection. There is no second resolution, so DNS rebinding cannot slip a private address
 * in between check and connect. IP-literal hosts never reach a lookup: check them first with
 * `assertPublicIdpUrl`.
 *
 * undici is the library behind Node's own fetch; its Agent is the documented way to give that
 * fetch a custom `connect.lookup`.
 *
 * @example
 * ```ts
 * const dispatcher = createIdpDispatcher();
 * await fetch(url, { dispatcher } as RequestInit);
 * ```
 */
export function createIdpDispatcher(lookup: LookupAll = defaultLookup): Dispatcher {
  const checkedLookup = (
    hostname: string,
    options: LookupOptions | LookupAllOptions,
    callback: LookupCallback,
  ): void => {
    resolvePublicIdpAddresses(hostname, hostname, lookup).then(
      (addresses) => {
        const all = addresses.map((a) => ({ address: a.address, family: a.family ?? familyOf(a.address) }));
        if (options.all === true) callback(null, all);
        else callback(null, all[0]!.address, all[0]!.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, []),
    );
  };
  return new Agent({ connect: { lookup: checkedLookup } });
}

/** The ParleyError a dispatcher lookup refused with, however deep fetch wrapped it. */
export function parleyErrorIn(err: unknown): ParleyError | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    if (isParleyError(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function familyOf(address: string): number {
  return address.includes(':') ? 6 : 4;
}
