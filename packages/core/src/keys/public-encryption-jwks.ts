import type { JWK } from 'jose';
import type { StoredKey } from './key-store.ts';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/**
 * The public JWKS of an account's encryption keys, as served at
 * `/v1/accounts/{account}/.well-known/jwks.json`: only `use: "enc"` keys, private members
 * (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`) always removed.
 *
 * @example
 * ```ts
 * publicEncryptionJwks(await ensureAccountKeys(keyStore, 'acme', clock));
 * // { keys: [{ kty: 'RSA', n, e, kid, alg: 'RSA-OAEP-256', use: 'enc' }, { kty: 'EC', ... }] }
 * ```
 */
export function publicEncryptionJwks(keys: readonly StoredKey[]): { keys: JWK[] } {
  return {
    keys: keys
      .filter((key) => key.use === 'enc')
      .map((key) => {
        const source: Record<string, unknown> = {
          ...(key.publicJwk ?? key.privateJwk),
          kid: key.id,
          alg: key.alg,
          use: 'enc',
        };
        return Object.fromEntries(
          Object.entries(source).filter(([name]) => !PRIVATE_MEMBERS.has(name)),
        ) as JWK;
      })
      .filter((jwk) => jwk.kty !== 'oct'),
  };
}
