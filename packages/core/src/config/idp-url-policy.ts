/**
 * Rules for brand IdP URLs (security non-negotiable 6): https only, and never a loopback,
 * private, link-local or unspecified address, unless `security.allowInsecureIdpUrls`.
 * The server applies `isPrivateAddress` again to the addresses a hostname resolves to.
 */

/** True for IPv4/IPv6 literals (or `localhost`) that must not be reached from a server. */
export function isPrivateAddress(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (h.includes(':')) {
    if (h === '::' || h === '::1') return true;
    const mapped = h.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(h);
  }
  return false;
}

/** Why a brand IdP URL is refused, or null when it is acceptable. */
export function idpUrlProblem(raw: string, allowInsecure: boolean): string | null {
  if (allowInsecure) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return 'must be a URL';
  }
  if (parsed.protocol !== 'https:') return 'must be an https URL (or set security.allowInsecureIdpUrls)';
  if (isPrivateAddress(parsed.hostname)) {
    return 'must not point to a loopback or private address (or set security.allowInsecureIdpUrls)';
  }
  return null;
}
