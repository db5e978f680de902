import { base64url } from 'jose';
import type { Clock } from '../clock.ts';
import type { KeyStore, StoredKey } from './key-store.ts';
import { ensureSessionSigningKeys, sessionKeyVersion, type SessionKind } from './session-signing-keys.ts';

/** How long a node signs with the key it loaded before re-reading the store (rotation). */
export const SESSION_KEYRING_REFRESH_MS = 60_000;
/** Least time between two store reads caused by an unknown (but well-formed) `kid`. */
const UNKNOWN_KID_RELOAD_MS = 1_000;

/** One HS256 key, ready to sign (raw secret) and verify (imported once). */
export interface SessionSigningKey {
  kid: string;
  secret: Uint8Array;
  verifyKey: CryptoKey;
}

/**
 * The signing keys of one token kind, per account: `current` signs, `find` resolves the `kid`
 * of a token to verify. Keys of another account or kind are never returned.
 */
export interface SessionKeyring {
  readonly kind: SessionKind;
  current(accountId: string): Promise<SessionSigningKey>;
  /** The key `kid` of this account and kind, or null (unknown, purged, other account/kind). */
  find(accountId: string, kid: string): Promise<SessionSigningKey | null>;
}

interface Loaded {
  at: number;
  byKid: Map<string, SessionSigningKey>;
  current: SessionSigningKey;
}

/**
 * A {@link SessionKeyring} over the key store, cached per account: keys are generated on first
 * use (`ensureSessionSigningKeys`), re-read every minute so a rotation made by another node or
 * `parley keys rotate` takes over, and re-read at once (at most once a second) for a `kid` of
 * the right account and kind that is not loaded yet.
 *
 * @example
 * ```ts
 * const keyring = createSessionKeyring({ keyStore: stores.keys, kind: 'consumer', clock });
 * const signer = createSessionTokenSigner(keyring, clock);
 * ```
 */
export function createSessionKeyring(options: {
  keyStore: KeyStore;
  kind: SessionKind;
  clock: Clock;
}): SessionKeyring {
  const { keyStore, kind, clock } = options;
  const cache = new Map<string, Promise<Loaded>>();

  const load = (accountId: string): Promise<Loaded> => {
    const loading = ensureSessionSigningKeys(keyStore, { accountId, kind, clock }).then(toLoaded);
    cache.set(accountId, loading);
    // a storage failure is not cached (unless a newer load already took its place)
    loading.catch(() => cache.get(accountId) === loading && cache.delete(accountId));
    return loading;
  };
  const loaded = async (accountId: string, maxAgeMs: number): Promise<Loaded> => {
    const cached = cache.get(accountId);
    if (cached === undefined) return load(accountId);
    const value = await cached;
    return clock.now() - value.at >= maxAgeMs && cache.get(accountId) === cached ? load(accountId) : value;
  };

  const toLoaded = async (keys: StoredKey[]): Promise<Loaded> => {
    const imported = await Promise.all(keys.map(importKey));
    return {
      at: clock.now(),
      byKid: new Map(imported.map((key) => [key.kid, key])),
      current: imported.at(-1)!,
    };
  };

  return {
    kind,
    async current(accountId) {
      return (await loaded(accountId, SESSION_KEYRING_REFRESH_MS)).current;
    },
    async find(accountId, kid) {
      // a kid that cannot be this account's key of this kind never costs a store read
      if (sessionKeyVersion(kid, accountId, kind) === null) return null;
      const first = await loaded(accountId, SESSION_KEYRING_REFRESH_MS);
      const hit = first.byKid.get(kid);
      if (hit !== undefined) return hit;
      return (await loaded(accountId, UNKNOWN_KID_RELOAD_MS)).byKid.get(kid) ?? null;
    },
  };
}

async function importKey(key: StoredKey): Promise<SessionSigningKey> {
  const jwk = key.privateJwk;
  if (jwk.kty !== 'oct' || typeof jwk.k !== 'string')
    throw new TypeError(`signing key ${key.id} is not an oct JWK`);
  const secret = base64url.decode(jwk.k);
  if (secret.length < 32) throw new TypeError(`signing key ${key.id} is shorter than 32 bytes`);
  const verifyKey = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return { kid: key.id, secret, verifyKey };
}
