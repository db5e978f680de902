import type { KeyStore, StoredKey } from '../keys/key-store.ts';

/**
 * A {@link KeyStore} test double for tests that may not import the storage package (whose
 * `createMemoryKeyStore` is the real in-memory adapter); `inserts` counts insert calls.
 */
export function createTestKeyStore(): KeyStore & { inserts: number } {
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
