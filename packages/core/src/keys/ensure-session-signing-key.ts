import { base64url } from 'jose';
import type { Clock } from '../clock.ts';
import type { KeyStore, StoredKey } from './key-store.ts';

/** The key id of the deployment-wide session signing secret. */
export const SESSION_SIGNING_KEY_ID = 'session-hs256-1';

/**
 * Returns the deployment-wide HS256 session signing key (owner `*`, `use: "sig"`, 32 random
 * bytes as an `oct` JWK), generating it on first call. When several nodes race, the losing
 * insert returns false and the winner's key is re-listed, so every node signs with one secret.
 *
 * @example
 * ```ts
 * const key = await ensureSessionSigningKey(stores.keys, systemClock);
 * const secret = base64url.decode(key.privateJwk.k!);
 * ```
 */
export async function ensureSessionSigningKey(keyStore: KeyStore, clock: Clock): Promise<StoredKey> {
  const find = async () => (await keyStore.list('*')).find((key) => key.use === 'sig' && key.alg === 'HS256');
  const existing = await find();
  if (existing !== undefined) return existing;
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const key: StoredKey = {
    id: SESSION_SIGNING_KEY_ID,
    owner: '*',
    use: 'sig',
    alg: 'HS256',
    privateJwk: {
      kty: 'oct',
      k: base64url.encode(secret),
      kid: SESSION_SIGNING_KEY_ID,
      alg: 'HS256',
      use: 'sig',
    },
    publicJwk: null,
    createdAt: clock.now(),
  };
  if (await keyStore.insert(key)) return key;
  const winner = await find();
  if (winner === undefined) throw new Error('session signing key insert was refused but no key is stored');
  return winner;
}
