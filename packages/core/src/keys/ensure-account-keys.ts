import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../clock.ts';
import type { KeyStore, StoredKey } from './key-store.ts';

/** The account encryption key kinds Parley publishes, with their generation parameters. */
const ENC_KEY_KINDS = [
  { alg: 'RSA-OAEP-256', suffix: 'rsa', options: { modulusLength: 2048, extractable: true } },
  { alg: 'ECDH-ES', suffix: 'ec', options: { crv: 'P-256', extractable: true } },
] as const;

/**
 * Returns the account's encryption keys (`use: "enc"`), generating on first call one
 * RSA-OAEP-256 (2048-bit) and one ECDH-ES P-256 key pair. Key ids are deterministic
 * (`{accountId}-enc-rsa-1`, `{accountId}-enc-ec-1`), so when several nodes race, the losing
 * node's insert returns false and it re-lists the winner's keys.
 *
 * @example
 * ```ts
 * const keys = await ensureAccountKeys(stores.keys, 'acme', systemClock);
 * keys.map((k) => k.alg); // ['RSA-OAEP-256', 'ECDH-ES']
 * ```
 */
export async function ensureAccountKeys(
  keyStore: KeyStore,
  accountId: string,
  clock: Clock,
): Promise<StoredKey[]> {
  if (typeof accountId !== 'string' || accountId === '' || accountId === '*') {
    throw new TypeError('ensureAccountKeys: accountId must be a non-empty account id');
  }
  const encKeys = async () => (await keyStore.list(accountId)).filter((key) => key.use === 'enc');
  const existing = await encKeys();
  const missing = ENC_KEY_KINDS.filter((kind) => !existing.some((key) => key.alg === kind.alg));
  if (missing.length === 0) return existing;
  for (const kind of missing) {
    // false = another node inserted this kid first: its key is kept and re-listed below
    await keyStore.insert(await generateEncKey(`${accountId}-enc-${kind.suffix}-1`, accountId, kind, clock));
  }
  return encKeys();
}

async function generateEncKey(
  kid: string,
  owner: string,
  kind: (typeof ENC_KEY_KINDS)[number],
  clock: Clock,
): Promise<StoredKey> {
  const pair = await generateKeyPair(kind.alg, kind.options);
  const meta = { kid, alg: kind.alg, use: 'enc' } satisfies JWK;
  return {
    id: kid,
    owner,
    use: 'enc',
    alg: kind.alg,
    privateJwk: { ...(await exportJWK(pair.privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(pair.publicKey)), ...meta },
    createdAt: clock.now(),
  };
}
