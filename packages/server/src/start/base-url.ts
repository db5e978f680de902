import type { AddressInfo } from 'node:net';

/**
 * The base URL a local client can reach a listening server at: the bound address, with the
 * unspecified addresses (`0.0.0.0`, `::`) shown as loopback, IPv6 in brackets.
 *
 * @example
 * ```ts
 * baseUrl({ address: '127.0.0.1', port: 8080, family: 'IPv4' }, false); // 'http://127.0.0.1:8080'
 * ```
 */
export function baseUrl(address: AddressInfo, tls: boolean): string {
  const scheme = tls ? 'https' : 'http';
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  if (host.includes(':')) host = `[${host}]`;
  return `${scheme}://${host}:${address.port}`;
}
