import { base64url } from 'jose';

/** RFC 7636 §4.1 code_verifier: 43–128 unreserved characters. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** True when `value` is a syntactically valid RFC 7636 code_verifier. */
export function isValidCodeVerifier(value: string): boolean {
  return VERIFIER_PATTERN.test(value);
}

/** `bytes` random bytes, base64url (32 bytes → 43 characters, a valid code_verifier). */
export function randomToken(bytes = 32): string {
  return base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * RFC 7636 S256 challenge: base64url(SHA-256(ASCII(verifier))).
 *
 * @example
 * ```ts
 * await s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

/** base64url(SHA-256(text)): how codes are keyed in the replay cache (never stored raw). */
export async function sha256Base64url(text: string): Promise<string> {
  return s256Challenge(text);
}
