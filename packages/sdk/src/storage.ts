/**
 * Key-value storage of the client: `localStorage`, React Native's AsyncStorage, or memory.
 * Values are strings; methods may be sync or async.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/**
 * A storage that forgets everything when the page or process ends.
 *
 * @example
 * ```ts
 * createParleyClient({ platformUrl, account: 'acme', storage: createMemoryStorage() });
 * ```
 */
export function createMemoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** `localStorage` when present and writable (not in some private modes or sandboxes), else memory. */
export function defaultStorage(): KeyValueStorage {
  try {
    const local = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (local) {
      local.setItem('parley:probe', '1');
      local.removeItem('parley:probe');
      return local;
    }
  } catch {
    // access itself throws when storage is blocked: fall through to memory
  }
  return createMemoryStorage();
}

/** The keys one client uses; `logout()` removes all of them. */
export type StoredKey = 'session' | 'conversations' | 'outbox';
const KEYS: readonly StoredKey[] = ['session', 'conversations', 'outbox'];

/** JSON values under `parley:{account}:{key}`; storage failures never break the chat. */
export class ClientStore {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly account: string,
  ) {}

  private key(name: StoredKey): string {
    return `parley:${this.account}:${name}`;
  }

  async read<T>(name: StoredKey): Promise<T | null> {
    try {
      const raw = await this.storage.getItem(this.key(name));
      return raw === null ? null : (JSON.parse(raw) as T);
    } catch {
      return null;
    }
  }

  write(name: StoredKey, value: unknown): void {
    this.settle(() =>
      value === null
        ? this.storage.removeItem(this.key(name))
        : this.storage.setItem(this.key(name), JSON.stringify(value)),
    );
  }

  async wipe(): Promise<void> {
    await Promise.all(KEYS.map((name) => this.settle(() => this.storage.removeItem(this.key(name)))));
  }

  private async settle(write: () => void | Promise<void>): Promise<void> {
    try {
      await write();
    } catch {
      // quota or blocked storage: the client keeps working from memory
    }
  }
}
