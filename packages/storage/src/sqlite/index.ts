import type { Clock, Stores } from '@parley/core';
import { createSqliteConsumerStore } from './consumer-store.ts';
import type { KeyCipher } from '../key-cipher.ts';
import { createSqliteKeyStore } from './key-store.ts';
import { openDatabase } from './open-database.ts';
import { writeBatcherFor } from './write-batcher.ts';
import { createSqliteReplayCache, type SqliteReplayCache } from './replay-cache.ts';
import { createSqliteSessionStore } from './session-store.ts';
import { createSqliteConversationStore } from './conversation-store.ts';
import { createSqliteAgentSessionStore } from './agent-session-store.ts';
import {
  createSqliteAnonymousRefStore,
  createSqlitePkceStore,
  createSqliteStateStore,
} from './one-time-store.ts';
import { createSqliteAuditStore } from './audit-store.ts';

export { createSqliteConsumerStore } from './consumer-store.ts';
export { createSqliteSessionStore } from './session-store.ts';
export { createSqliteReplayCache } from './replay-cache.ts';
export type { SqliteReplayCache, SqliteReplayCacheOptions } from './replay-cache.ts';
export { createSqliteKeyStore, sealPlaintextKeys } from './key-store.ts';
export { createSqliteConversationStore } from './conversation-store.ts';
export { createSqliteAgentSessionStore } from './agent-session-store.ts';
export { createSqliteAuditStore } from './audit-store.ts';
export {
  createSqlitePkceStore,
  createSqliteStateStore,
  createSqliteAnonymousRefStore,
  type SqliteOneTimeStoreOptions,
} from './one-time-store.ts';
export { openDatabase, type OpenDatabaseOptions } from './open-database.ts';
export { migrate, migrations, type Migration } from './migrations.ts';

/** {@link Stores} backed by one SQLite connection; `replay` also exposes `sweep()`. */
export interface SqliteStores extends Stores {
  replay: SqliteReplayCache;
}

export interface SqliteStoresOptions {
  /** Database file (its directory is created), or `:memory:`. */
  path: string;
  /** Source of "now" for replay expiry; defaults to the wall clock. */
  clock?: Clock;
  /** Milliseconds to wait on another connection's write lock (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Seals private keys at rest (`createKeyCipher(masterKey)`); plaintext rows of older
   * versions are sealed at open. Without it keys are stored in plaintext (tests only).
   */
  keyCipher?: KeyCipher;
}

/**
 * Every storage port on one embedded SQLite database (the default deployment): opens the file
 * in WAL mode, applies pending migrations, and prepares every statement once. `ping` runs
 * `select 1`; `close` closes the connection (idempotent), after which every call rejects.
 *
 * @example
 * ```ts
 * const stores = openSqliteStores({ path: './data/parley.db' });
 * await stores.ping();
 * await stores.close();
 * ```
 */
export function openSqliteStores(options: SqliteStoresOptions): SqliteStores {
  const db = openDatabase({
    path: options.path,
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
  try {
    const select1 = db.prepare('select 1');
    const oneTime = { ...(options.clock ? { clock: options.clock } : {}), keyCipher: options.keyCipher };
    return {
      consumers: createSqliteConsumerStore(db),
      sessions: createSqliteSessionStore(db),
      replay: createSqliteReplayCache(db, options.clock ? { clock: options.clock } : {}),
      keys: createSqliteKeyStore(db, options.keyCipher),
      conversations: createSqliteConversationStore(db),
      agentSessions: createSqliteAgentSessionStore(db),
      audit: createSqliteAuditStore(db),
      pkce: createSqlitePkceStore(db, oneTime),
      states: createSqliteStateStore(db, oneTime),
      anonymousRefs: createSqliteAnonymousRefStore(db, oneTime),
      async ping() {
        select1.get();
      },
      async close() {
        if (!db.open) return;
        writeBatcherFor(db).flushNow(); // writes already queued still commit (or reject)
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
