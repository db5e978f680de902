import { compactDecrypt, importJWK, type CryptoKey } from 'jose';
import type { Clock } from '../clock.ts';
import { ParleyError } from '../errors.ts';
import { ensureAccountKeys } from '../keys/ensure-account-keys.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { JWE_CONTENT_ALGORITHMS, assertJweAlgorithmAllowed } from './assert-algorithm-allowed.ts';
import type { ParsedJwe } from './parse-compact.ts';
import { decryptRsaOaepA256Gcm, decryptsNatively } from './decrypt-jwe-natively.ts';

/** Decrypts JWEs addressed to one account's encryption keys. */
export interface AccountDecrypter {
  /**
   * Returns the JWE plaintext as text.
   * @throws ParleyError `TOKEN_ALG_NOT_ALLOWED` (JWE policy) or `TOKEN_DECRYPTION_FAILED`.
   */
  decrypt(jwe: ParsedJwe): Promise<string>;
}

interface AccountKey {
  kid: string;
  alg: string;
  key: Promise<CryptoKey>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** RSA-OAEP-256 + A256GCM (the common case) with one WebCrypto job; anything else with jose. */
async function decryptWith(jwe: ParsedJwe, key: CryptoKey): Promise<Uint8Array> {
  if (decryptsNatively(jwe.header, key)) return decryptRsaOaepA256Gcm(jwe.token, key);
  const { plaintext } = await compactDecrypt(jwe.token, key, {
    keyManagementAlgorithms: [jwe.header.alg],
    contentEncryptionAlgorithms: [...JWE_CONTENT_ALGORITHMS],
  });
  return plaintext;
}

/** Minimum time between two key re-lists caused by an unknown JWE `kid`. */
const RELOAD_COOLDOWN_MS = 30_000;

/**
 * Creates the decrypter of an account: its keys come from {@link ensureAccountKeys} (generated
 * on first use), are imported once and cached. A JWE made for another account's key, a
 * tampered JWE, or an unknown `kid` fails with `TOKEN_DECRYPTION_FAILED`.
 *
 * @example
 * ```ts
 * const decrypter = createAccountDecrypter({ keyStore, accountId: 'acme', clock });
 * const innerJws = await decrypter.decrypt(parsedJwe);
 * ```
 */
export function createAccountDecrypter(deps: {
  keyStore: KeyStore;
  accountId: string;
  clock: Clock;
}): AccountDecrypter {
  let loaded: Promise<AccountKey[]> | undefined;
  let loadedAt = -Infinity;
  const load = (): Promise<AccountKey[]> => {
    loadedAt = deps.clock.now();
    const keys = ensureAccountKeys(deps.keyStore, deps.accountId, deps.clock).then((stored) =>
      stored.map((k) => ({
        kid: k.id,
        alg: k.alg,
        key: importJWK(k.privateJwk, k.alg) as Promise<CryptoKey>,
      })),
    );
    keys.catch(() => {
      loaded = undefined; // a storage failure is retried on the next token
    });
    loaded = keys;
    return keys;
  };
  const candidates = async (kid: string | undefined, alg: string): Promise<AccountKey[]> => {
    const pick = (keys: AccountKey[]) =>
      keys.filter((k) => k.alg === alg && (kid === undefined || k.kid === kid));
    const found = pick(await (loaded ?? load()));
    if (found.length > 0 || deps.clock.now() - loadedAt < RELOAD_COOLDOWN_MS) return found;
    return pick(await load());
  };

  return {
    async decrypt(jwe) {
      assertJweAlgorithmAllowed(jwe.header);
      for (const candidate of await candidates(jwe.header.kid, jwe.header.alg)) {
        try {
          return UTF8.decode(await decryptWith(jwe, await candidate.key));
        } catch {
          // next candidate
        }
      }
      throw new ParleyError('TOKEN_DECRYPTION_FAILED', 'the JWE cannot be decrypted with this account keys');
    },
  };
}
