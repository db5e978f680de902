import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 ranges a brand IdP may not resolve to (IANA special-purpose registry): this host,
 * private, shared (CGNAT), loopback, link-local, IETF protocol assignments, documentation,
 * the 6to4 relay anycast, benchmarking (198.18.0.0/15), multicast, reserved and broadcast.
 */
const IPV4_RANGES: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/**
 * IPv6 ranges refused outright: unspecified and loopback, discard, local-use NAT64
 * (64:ff9b:1::/48, whose translator is inside the network), Teredo (2001::/32, whose client
 * address is obfuscated), ORCHID, documentation, unique-local, link-local, site-local and
 * multicast. Ranges that embed an IPv4 address are checked through that address instead.
 */
const IPV6_RANGES: readonly [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['64:ff9b:1::', 48],
  ['2001::', 32],
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [network, prefix] of IPV4_RANGES) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) blocked.addSubnet(network, prefix, 'ipv6');

/**
 * True when a server must not connect to `address` for a brand IdP: any address that is not
 * a plain IP literal, an IPv4 address in {@link IPV4_RANGES}, an IPv6 address in
 * {@link IPV6_RANGES}, or an IPv6 address embedding a refused IPv4 address — IPv4-mapped
 * (`::ffff:127.0.0.1`, however written), IPv4-compatible (`::7f00:1`), IPv4-translated
 * (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`) all reach that IPv4
 * host through the network stack or a translator.
 *
 * @example
 * ```ts
 * isBlockedIdpAddress('::ffff:7f00:1'); // true (127.0.0.1)
 * isBlockedIdpAddress('93.184.215.14'); // false
 * ```
 */
export function isBlockedIdpAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return blocked.check(bare, 'ipv4');
  if (!isIPv6(bare)) return true;
  const embedded = embeddedIpv4(bare);
  if (embedded !== null && blocked.check(embedded, 'ipv4')) return true;
  return blocked.check(bare, 'ipv6');
}

/** The IPv4 address an IPv6 address carries by a transition mechanism, or null. */
function embeddedIpv4(address: string): string | null {
  const g = expandIpv6(address);
  if (g === null) return null;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const tail = () => toIpv4(g[6]!, g[7]!);
  if (zeros(0, 5) && g[5] === 0xffff) return tail(); // IPv4-mapped ::ffff:0:0/96
  if (zeros(0, 6)) return tail(); // IPv4-compatible ::/96 (deprecated, still routed by some stacks)
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return tail(); // IPv4-translated ::ffff:0:0:0/96
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return tail(); // NAT64 64:ff9b::/96
  if (g[0] === 0x2002) return toIpv4(g[1]!, g[2]!); // 6to4 2002:AABB:CCDD::/48
  return null;
}

/** The eight 16-bit groups of a valid IPv6 literal (a trailing dotted IPv4 allowed). */
function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, ...rest] = text.split('::');
  if (rest.length > 0) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = 8 - left.length - right.length;
  if (tail === undefined ? fill !== 0 : fill < 0) return null;
  const groups = [...left, ...Array<number>(fill).fill(0), ...right];
  return groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : null;
}

function toIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
