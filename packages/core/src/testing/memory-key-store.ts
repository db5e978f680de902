import type { KeyStore, StoredKey } from '../keys/key-store.ts';

/**
 * An in-memory {@link KeyStore} for tests; `inserts` counts insert calls.
 *
 * @example
 * ```ts
 * const keyStore = createMemoryKeyStore();
 * await ensureAccountKeys(keyStore, 'acme', clock);
 * ```
 */
export function createMemoryKeyStore(): KeyStore & { inserts: number } {
  const keys = new Map<string, StoredKey>();
  const store = {
    inserts: 0,
    async list(owner: string) {
      return [...keys.values()].filter((key) => key.owner === owner);
    },
    async insert(key: StoredKey) {
      store.inserts++;
      if (keys.has(key.id)) return false;
      keys.set(key.id, structuredClone(key));
      return true;
    },
    async delete(id: string) {
      return keys.delete(id);
    },
  };
  return store;
}
