import type { CryptoKey } from 'jose';
import type { Clock } from '../clock.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError, isParleyError } from '../errors.ts';
import { isHmacAlgorithm } from './assert-algorithm-allowed.ts';
import { loadBrandJwks, loadBrandKey, type BrandKey } from './brand-key.ts';
import type { IdpHttp } from './idp-http.ts';

/** Keys without `kid` tried for one kid-less token, at most (docs/protocol.md). */
export const MAX_KEYS_WITHOUT_KID = 8;

/** Where a connector's verification keys come from; created once per connector and reused. */
export interface BrandKeySource {
  /**
   * The keys that may verify a JWS of `alg` (and `kid`, when the token names one).
   * @throws ParleyError `TOKEN_KEY_NOT_FOUND` or `IDP_UNAVAILABLE` (no key set at all).
   */
  keysFor(alg: string, kid: string | undefined): Promise<CryptoKey[]>;
  /**
   * After a signature failure: when `kid` names a key of the remote JWKS (not a configured
   * `publicKeys` one), refetches the JWKS (at most once per `jwksRefreshCooldownSeconds`,
   * shared with the unknown-kid refresh) and returns the fresh candidates; `undefined` when no
   * refetch applies or happened. Brands that generate keys at start reuse their `kid`.
   */
  refreshedKeysFor(alg: string, kid: string | undefined): Promise<CryptoKey[] | undefined>;
}

interface RemoteState {
  keys: BrandKey[] | undefined;
  fetchedAt: number;
  lastAttemptAt: number;
  jwksUri: string | undefined;
  inflight: Promise<boolean> | undefined;
}

/**
 * Creates a connector's key source: `publicKeys` (JWK or PEM), plus the remote JWKS at
 * `jwksUri` or the discovery document's `jwks_uri` (explicit `jwksUri` wins). HS* keys come
 * only from `sharedSecret`. The JWKS is cached `jwksCacheSeconds`; an unknown `kid`, or a
 * signature failure under a JWKS `kid`, triggers at most one fetch per
 * `jwksRefreshCooldownSeconds` (concurrent misses share one in-flight fetch); a failing IdP leaves the stale set in use, and `IDP_UNAVAILABLE` is thrown only
 * when no set was ever loaded.
 *
 * @throws TypeError when a configured `publicKeys` entry is not a usable public key.
 * @example
 * ```ts
 * const source = createBrandKeySource(connector, { idpHttp, clock: systemClock });
 * const [key] = await source.keysFor('RS256', header.kid);
 * ```
 */
export function createBrandKeySource(
  connector: ConnectorConfig,
  deps: { idpHttp: IdpHttp; clock: Clock },
): BrandKeySource {
  const staticKeys = Promise.all(connector.publicKeys.map((input) => loadBrandKey(input))).then((keys) =>
    keys.map((key, index) => {
      if (key === undefined)
        throw new TypeError(`connector ${connector.id}: publicKeys[${index}] is not a usable public key`);
      return key;
    }),
  );
  staticKeys.catch(() => undefined); // surfaced on first use, not as an unhandled rejection
  const hmac = connector.sharedSecret === undefined ? undefined : hmacKeys(connector.sharedSecret);
  const remote = hasRemote(connector) ? createRemote(connector, deps) : undefined;

  return {
    async keysFor(alg, kid) {
      if (isHmacAlgorithm(alg)) {
        if (hmac === undefined) throw new ParleyError('TOKEN_KEY_NOT_FOUND', 'connector has no sharedSecret');
        return [await hmac(alg)];
      }
      const local = await staticKeys;
      let found = select([...local, ...((await remote?.current()) ?? [])], alg, kid);
      if (found.length === 0 && remote !== undefined) {
        await remote.refresh();
        found = select([...local, ...((await remote.current()) ?? [])], alg, kid);
      }
      if (found.length === 0)
        throw new ParleyError('TOKEN_KEY_NOT_FOUND', 'no brand key matches the token kid and alg');
      return Promise.all(found.map((key) => key.cryptoKey(alg)));
    },
    async refreshedKeysFor(alg, kid) {
      if (kid === undefined || remote === undefined || isHmacAlgorithm(alg)) return undefined;
      const local = await staticKeys;
      if (local.some((key) => key.kid === kid)) return undefined; // configured keys never change at run time
      const named = (keys: BrandKey[]) => keys.filter((key) => key.kid === kid && key.fits(alg));
      if (named((await remote.current()) ?? []).length === 0) return undefined;
      if (!(await remote.refresh())) return undefined;
      const found = named((await remote.current()) ?? []);
      return found.length === 0 ? undefined : Promise.all(found.map((key) => key.cryptoKey(alg)));
    },
  };
}

function hasRemote(connector: ConnectorConfig): boolean {
  return connector.jwksUri !== undefined || connector.discoveryUrl !== undefined;
}

/** Keys with the token's kid; else kid-less (configured PEM) keys; at most 8 without a kid. */
function select(keys: BrandKey[], alg: string, kid: string | undefined): BrandKey[] {
  const usable = keys.filter((key) => key.fits(alg));
  if (kid === undefined) return usable.slice(0, MAX_KEYS_WITHOUT_KID);
  const byKid = usable.filter((key) => key.kid === kid);
  return byKid.length > 0
    ? byKid
    : usable.filter((key) => key.kid === undefined).slice(0, MAX_KEYS_WITHOUT_KID);
}

function hmacKeys(secret: string): (alg: string) => Promise<CryptoKey> {
  const bytes = new TextEncoder().encode(secret);
  const cache = new Map<string, Promise<CryptoKey>>();
  return (alg) => {
    let key = cache.get(alg);
    if (key === undefined) {
      const hash = `SHA-${alg.slice(2)}`;
      key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['verify']);
      cache.set(alg, key);
    }
    return key;
  };
}

function createRemote(connector: ConnectorConfig, deps: { idpHttp: IdpHttp; clock: Clock }) {
  const state: RemoteState = {
    keys: undefined,
    fetchedAt: 0,
    lastAttemptAt: -Infinity,
    jwksUri: connector.jwksUri,
    inflight: undefined,
  };
  const cooldownMs = connector.jwksRefreshCooldownSeconds * 1000;
  const timeoutMs = connector.idpTimeoutMs;

  const fetchOnce = async (): Promise<void> => {
    if (state.jwksUri === undefined) state.jwksUri = await discoverJwksUri(connector, deps.idpHttp);
    const keys = await loadBrandJwks(await deps.idpHttp.getJson(state.jwksUri, { timeoutMs }));
    if (keys === undefined)
      throw new ParleyError('IDP_UNAVAILABLE', `connector ${connector.id}: the JWKS document is invalid`);
    state.keys = keys;
    state.fetchedAt = deps.clock.now();
  };

  /**
   * Fetches unless one is in flight (join it) or the cooldown forbids; failures keep the stale
   * set. Resolves true when a fresh set was loaded.
   */
  const refresh = (): Promise<boolean> => {
    if (state.inflight !== undefined) return state.inflight;
    if (deps.clock.now() - state.lastAttemptAt < cooldownMs) return Promise.resolve(false);
    state.lastAttemptAt = deps.clock.now();
    state.inflight = fetchOnce()
      .then(() => true)
      .catch((err: unknown) => {
        if (state.keys !== undefined) return false; // serve stale while the IdP is down
        throw isParleyError(err)
          ? err
          : new ParleyError('IDP_UNAVAILABLE', `connector ${connector.id}: JWKS fetch failed`, {
              cause: err,
            });
      })
      .finally(() => {
        state.inflight = undefined;
      });
    return state.inflight;
  };

  return {
    /** The cached set, loading it first (or refreshing it when older than jwksCacheSeconds). */
    async current(): Promise<BrandKey[] | undefined> {
      const age = deps.clock.now() - state.fetchedAt;
      if (state.keys === undefined || age >= connector.jwksCacheSeconds * 1000) await refresh();
      if (state.keys === undefined) {
        throw new ParleyError('IDP_UNAVAILABLE', `connector ${connector.id}: no JWKS could be loaded`);
      }
      return state.keys;
    },
    /** Refetch for an unknown kid or a failed signature, under the one cooldown. */
    refresh,
  };
}

async function discoverJwksUri(connector: ConnectorConfig, idpHttp: IdpHttp): Promise<string> {
  const doc = await idpHttp.getJson(connector.discoveryUrl!, { timeoutMs: connector.idpTimeoutMs });
  const uri = typeof doc === 'object' && doc !== null ? (doc as { jwks_uri?: unknown }).jwks_uri : undefined;
  if (typeof uri !== 'string' || uri === '') {
    throw new ParleyError('IDP_UNAVAILABLE', `connector ${connector.id}: discovery document has no jwks_uri`);
  }
  return uri;
}
