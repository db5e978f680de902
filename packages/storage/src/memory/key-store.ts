import type { KeyStore, StoredKey } from '@parley/core';

/** Oldest first, then by id: the order every adapter's `list` returns. */
export function compareKeys(a: StoredKey, b: StoredKey): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * In-memory {@link KeyStore}. Key ids (`kid`) are unique across owners.
 *
 * @example
 * ```ts
 * const keys = createMemoryKeyStore();
 * if (!(await keys.insert(key))) key = (await keys.list(key.owner))[0];
 * ```
 */
export function createMemoryKeyStore(): KeyStore {
  const byId = new Map<string, StoredKey>();
  return {
    async list(owner) {
      return [...byId.values()]
        .filter((key) => key.owner === owner)
        .sort(compareKeys)
        .map((key) => structuredClone(key));
    },
    async insert(key) {
      if (byId.has(key.id)) return false;
      byId.set(key.id, structuredClone(key));
      return true;
    },
    async delete(id) {
      return byId.delete(id);
    },
  };
}
