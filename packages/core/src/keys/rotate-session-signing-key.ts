import type { Clock } from '../clock.ts';
import type { KeyStore, StoredKey } from './key-store.ts';
import { SESSION_KEYRING_REFRESH_MS } from './session-keyring.ts';
import { newSessionKey, sessionKeyId, sessionKeysOf, type SessionKind } from './session-signing-keys.ts';

/** What a rotation did. */
export interface SessionKeyRotation {
  /** The new current key (new tokens are signed with it once nodes refresh, within a minute). */
  current: StoredKey;
  /** Ids of retired keys deleted because every token they signed has expired. */
  purged: string[];
}

/** The id of the single deployment-wide session key of older versions (never used now). */
const LEGACY_DEPLOYMENT_KEY_ID = 'session-hs256-1';

/**
 * `parley keys rotate`: adds the next version of an account's signing key of one kind, which
 * becomes current. Older versions keep verifying the tokens they signed; a retired key is
 * deleted once its successor is older than `retainSeconds` (the longest lifetime of that kind's
 * tokens) plus the keyring refresh interval, during which a node may still sign with it. The
 * legacy deployment-wide key (`session-hs256-1`, owner `*`) signs and verifies nothing any more
 * and is deleted too.
 *
 * @example
 * ```ts
 * const { current } = await rotateSessionSigningKey(stores.keys, {
 *   accountId: 'acme', kind: 'consumer', clock: systemClock, retainSeconds: account.sessionMaxSeconds,
 * });
 * ```
 */
export async function rotateSessionSigningKey(
  keyStore: KeyStore,
  options: { accountId: string; kind: SessionKind; clock: Clock; retainSeconds: number },
): Promise<SessionKeyRotation> {
  const { accountId, kind, clock } = options;
  if (typeof accountId !== 'string' || accountId === '' || accountId === '*') {
    throw new TypeError('rotateSessionSigningKey: accountId must be a non-empty account id');
  }
  const listed = async () => sessionKeysOf(await keyStore.list(accountId), accountId, kind);
  let current: StoredKey | undefined;
  // a concurrent rotation may take the next version first: then take the one after it
  for (let attempt = 0; attempt < 3 && current === undefined; attempt++) {
    const keys = await listed();
    const version = keys.length === 0 ? 1 : versionOf(keys.at(-1)!) + 1;
    const key = newSessionKey(accountId, sessionKeyId(accountId, kind, version), clock);
    if (await keyStore.insert(key)) current = key;
  }
  if (current === undefined) throw new Error('could not insert a new signing key (concurrent rotations)');
  const purged = await purgeRetired(keyStore, await listed(), clock.now(), options.retainSeconds);
  if (await keyStore.delete(LEGACY_DEPLOYMENT_KEY_ID)) purged.push(LEGACY_DEPLOYMENT_KEY_ID);
  return { current, purged };
}

function versionOf(key: StoredKey): number {
  return Number(key.id.slice(key.id.lastIndexOf('-') + 1));
}

/** Deletes each key whose successor took over more than the retention ago. */
async function purgeRetired(
  keyStore: KeyStore,
  keys: StoredKey[],
  now: number,
  retainSeconds: number,
): Promise<string[]> {
  const retainMs = retainSeconds * 1000 + SESSION_KEYRING_REFRESH_MS;
  const purged: string[] = [];
  for (let i = 0; i < keys.length - 1; i++) {
    const successor = keys[i + 1]!;
    if (successor.createdAt + retainMs <= now && (await keyStore.delete(keys[i]!.id)))
      purged.push(keys[i]!.id);
  }
  return purged;
}
