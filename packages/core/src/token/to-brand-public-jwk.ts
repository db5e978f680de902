import { createPublicKey, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use', 'key_ops'] as const;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Normalizes a configured brand key into a public JWK: a JWK object (private members are
 * dropped), an SPKI `PUBLIC KEY` PEM, a PKCS#1 `RSA PUBLIC KEY` PEM or an X.509 `CERTIFICATE`
 * PEM. PEM text may carry surrounding whitespace, `\r\n`, literal `\n` escapes (as pasted into
 * JSON or env vars) and no final newline. Returns undefined for anything else (symmetric
 * `oct` keys, private-key PEMs, garbage).
 *
 * @example
 * ```ts
 * toBrandPublicJwk('-----BEGIN PUBLIC KEY-----\\nMFkw...\\n-----END PUBLIC KEY-----');
 * // { kty: 'EC', crv: 'P-256', x: '...', y: '...' }
 * ```
 */
export function toBrandPublicJwk(input: unknown): JWK | undefined {
  if (typeof input === 'string') return pemToJwk(input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const source = input as Record<string, unknown>;
  if (typeof source.kty !== 'string' || source.kty === 'oct') return undefined;
  const jwk: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS) {
    if (source[member] !== undefined) jwk[member] = source[member];
  }
  return jwk as JWK;
}

function pemToJwk(text: string): JWK | undefined {
  const normalized = text.replace(/\\r/g, '').replace(/\\n/g, '\n').replace(/\r/g, '').trim();
  const match = PEM.exec(normalized);
  if (!match) return undefined;
  const label = match[1]!;
  const body = match[2]!.replace(/\s+/g, '');
  const pem = `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
  try {
    if (label === 'CERTIFICATE') return new X509Certificate(pem).publicKey.export({ format: 'jwk' }) as JWK;
    if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
      return createPublicKey(pem).export({ format: 'jwk' }) as JWK;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
