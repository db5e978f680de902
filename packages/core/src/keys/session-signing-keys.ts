import { base64url } from 'jose';
import type { Clock } from '../clock.ts';
import type { KeyStore, StoredKey } from './key-store.ts';

/** The kinds of token Parley signs for itself; each account has one key series per kind. */
export type SessionKind = 'consumer' | 'agent';

/** Every {@link SessionKind}, in a fixed order. */
export const SESSION_KINDS: readonly SessionKind[] = ['consumer', 'agent'];

/**
 * The `kid` of version `version` of an account's signing key of one kind:
 * `{accountId}-{kind}-sig-{version}`. Read from the right (the version is digits, the kind one
 * of two words) the id is unambiguous whatever the account id contains, and unique across
 * accounts, as the key store requires.
 */
export function sessionKeyId(accountId: string, kind: SessionKind, version: number): string {
  return `${accountId}-${kind}-sig-${version}`;
}

/** The version of `kid` when it names a key of this account and kind, else null. */
export function sessionKeyVersion(kid: string, accountId: string, kind: SessionKind): number | null {
  const prefix = `${accountId}-${kind}-sig-`;
  if (!kid.startsWith(prefix)) return null;
  const rest = kid.slice(prefix.length);
  return /^[1-9][0-9]{0,8}$/.test(rest) ? Number(rest) : null;
}

/** The account's signing keys of one kind among `keys`, oldest version first (last = current). */
export function sessionKeysOf(keys: readonly StoredKey[], accountId: string, kind: SessionKind): StoredKey[] {
  return keys
    .filter((key) => key.use === 'sig' && key.owner === accountId)
    .map((key) => ({ key, version: sessionKeyVersion(key.id, accountId, kind) }))
    .filter((entry): entry is { key: StoredKey; version: number } => entry.version !== null)
    .sort((a, b) => a.version - b.version)
    .map((entry) => entry.key);
}

/** A new HS256 signing key (32 random bytes as an `oct` JWK) of the given id. */
export function newSessionKey(accountId: string, kid: string, clock: Clock): StoredKey {
  return {
    id: kid,
    owner: accountId,
    use: 'sig',
    alg: 'HS256',
    privateJwk: {
      kty: 'oct',
      k: base64url.encode(crypto.getRandomValues(new Uint8Array(32))),
      kid,
      alg: 'HS256',
      use: 'sig',
    },
    publicJwk: null,
    createdAt: clock.now(),
  };
}

/**
 * Returns an account's signing keys of one kind (oldest first, the last one signs), generating
 * version 1 on first call. The id of version 1 is fixed, so when several nodes race, the losing
 * insert returns false and every node re-lists the winner's key.
 *
 * @example
 * ```ts
 * const keys = await ensureSessionSigningKeys(stores.keys, { accountId: 'acme', kind: 'agent', clock });
 * const current = keys.at(-1)!;
 * ```
 */
export async function ensureSessionSigningKeys(
  keyStore: KeyStore,
  options: { accountId: string; kind: SessionKind; clock: Clock },
): Promise<StoredKey[]> {
  const { accountId, kind, clock } = options;
  if (typeof accountId !== 'string' || accountId === '' || accountId === '*') {
    throw new TypeError('ensureSessionSigningKeys: accountId must be a non-empty account id');
  }
  const listed = async () => sessionKeysOf(await keyStore.list(accountId), accountId, kind);
  const existing = await listed();
  if (existing.length > 0) return existing;
  await keyStore.insert(newSessionKey(accountId, sessionKeyId(accountId, kind, 1), clock));
  const keys = await listed();
  if (keys.length === 0) throw new Error('session signing key insert was refused but no key is stored');
  return keys;
}
