import type { Clock, ConversationStore, Stores } from '@parley/core';
import type { Pool } from 'pg';
import { createPostgresConsumerStore } from './consumer-store.ts';
import { createPostgresConversationStore } from './conversation-store.ts';
import type { KeyCipher } from '../key-cipher.ts';
import { createPostgresKeyStore, sealPostgresPlaintextKeys } from './key-store.ts';
import { migratePostgres } from './migrations.ts';
import {
  createPostgresAnonymousRefStore,
  createPostgresPkceStore,
  createPostgresStateStore,
} from './one-time-store.ts';
import { openPool } from './open-pool.ts';
import { createPostgresReplayCache, type PostgresReplayCache } from './replay-cache.ts';
import { createPostgresAgentSessionStore } from './agent-session-store.ts';
import { createPostgresSessionStore } from './session-store.ts';
import { createPostgresAuditStore } from './audit-store.ts';

export { createPostgresConsumerStore } from './consumer-store.ts';
export { createPostgresConversationStore } from './conversation-store.ts';
export { createPostgresSessionStore } from './session-store.ts';
export { createPostgresAuditStore } from './audit-store.ts';
export { createPostgresReplayCache } from './replay-cache.ts';
export { createPostgresAgentSessionStore } from './agent-session-store.ts';
export type { PostgresReplayCache, PostgresReplayCacheOptions } from './replay-cache.ts';
export { createPostgresKeyStore, sealPostgresPlaintextKeys } from './key-store.ts';
export {
  createPostgresPkceStore,
  createPostgresStateStore,
  createPostgresAnonymousRefStore,
  type PostgresOneTimeStoreOptions,
} from './one-time-store.ts';
export { migratePostgres, postgresMigrations, type PostgresMigration } from './migrations.ts';
export { openPool, type OpenPoolOptions } from './open-pool.ts';

/** {@link Stores} on one PostgreSQL pool; `replay` also exposes `sweep()`, `pool` is the pool itself. */
export interface PostgresStores extends Stores {
  replay: PostgresReplayCache;
  conversations: ConversationStore;
  /** The underlying pool (for health metrics); closed by `close()`. */
  pool: Pool;
}

export interface PostgresStoresOptions {
  /** `postgres://user:password@host:5432/database`. */
  url: string;
  /** Source of "now" for replay and one-time record expiry; defaults to the wall clock. */
  clock?: Clock;
  /** Schema for Parley's tables, created if missing (default: the connection's search_path). */
  schema?: string;
  /** Pool size per node (default 10). */
  max?: number;
  /** Idle-connection errors (default: one line on stderr). */
  onError?: (err: Error) => void;
  /**
   * Seals private keys at rest (`createKeyCipher(masterKey)`); plaintext rows of older
   * versions are sealed at open. Without it keys are stored in plaintext (tests only).
   */
  keyCipher?: KeyCipher;
}

/**
 * Every storage port on PostgreSQL (the multi-node deployment): opens a pool, applies pending
 * migrations under an advisory lock (several nodes starting at once apply each step once), and
 * returns the stores. `ping` runs `SELECT 1`; `close` ends the pool (idempotent), after which
 * every call rejects and no socket keeps the process alive.
 *
 * @example
 * ```ts
 * const stores = await openPostgresStores({ url: 'postgres://parley@db/parley', schema: 'parley' });
 * await stores.ping();
 * await stores.close();
 * ```
 */
export async function openPostgresStores(options: PostgresStoresOptions): Promise<PostgresStores> {
  const pool = openPool({
    url: options.url,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.max === undefined ? {} : { max: options.max }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  try {
    await migratePostgres(pool, options.schema === undefined ? {} : { schema: options.schema });
    if (options.keyCipher) await sealPostgresPlaintextKeys(pool, options.keyCipher);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const clock = options.clock ? { clock: options.clock } : {};
  const oneTime = { ...clock, keyCipher: options.keyCipher };
  let closing: Promise<void> | undefined;
  return {
    consumers: createPostgresConsumerStore(pool),
    sessions: createPostgresSessionStore(pool),
    replay: createPostgresReplayCache(pool, clock),
    keys: createPostgresKeyStore(pool, options.keyCipher),
    pkce: createPostgresPkceStore(pool, oneTime),
    states: createPostgresStateStore(pool, oneTime),
    anonymousRefs: createPostgresAnonymousRefStore(pool, oneTime),
    conversations: createPostgresConversationStore(pool),
    agentSessions: createPostgresAgentSessionStore(pool),
    audit: createPostgresAuditStore(pool),
    pool,
    async ping() {
      await pool.query('SELECT 1');
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
