import type { Clock, Stores } from '@parley/core';
import { createMemoryConsumerStore } from './consumer-store.ts';
import { createMemoryKeyStore } from './key-store.ts';
import { createMemoryReplayCache, type MemoryReplayCache } from './replay-cache.ts';
import { createMemorySessionStore } from './session-store.ts';
import { createMemoryConversationStore } from './conversation-store.ts';
import {
  createMemoryAnonymousRefStore,
  createMemoryPkceStore,
  createMemoryStateStore,
} from './one-time-store.ts';
import { createMemoryAgentSessionStore } from './agent-session-store.ts';
import { createMemoryAuditStore } from './audit-store.ts';

export { createMemoryConsumerStore } from './consumer-store.ts';
export { createMemorySessionStore } from './session-store.ts';
export { createMemoryReplayCache } from './replay-cache.ts';
export type { MemoryReplayCache, MemoryReplayCacheOptions } from './replay-cache.ts';
export { createMemoryKeyStore } from './key-store.ts';
export { createMemoryConversationStore } from './conversation-store.ts';
export { createMemoryAgentSessionStore } from './agent-session-store.ts';
export { createMemoryAuditStore } from './audit-store.ts';
export { createInProcessEventBus, type InProcessEventBus } from './event-bus.ts';
export { createMemoryRateLimiter } from './rate-limiter.ts';
export {
  createMemoryPkceStore,
  createMemoryStateStore,
  createMemoryAnonymousRefStore,
  type MemoryOneTimeStoreOptions,
} from './one-time-store.ts';

/** {@link Stores} held in process memory; `replay` also exposes `size()` and `sweep()`. */
export interface MemoryStores extends Stores {
  replay: MemoryReplayCache;
}

export interface MemoryStoresOptions {
  /** Source of "now" for replay expiry; defaults to the wall clock. */
  clock?: Clock;
}

/**
 * Every storage port in process memory: for tests, the demo and single-node runs that can
 * lose their state on restart. No timers, so nothing keeps the process alive. After `close()`,
 * `ping()` rejects.
 *
 * @example
 * ```ts
 * const stores = createMemoryStores({ clock: { now: () => 1_700_000_000_000 } });
 * await stores.ping();
 * ```
 */
export function createMemoryStores(options: MemoryStoresOptions = {}): MemoryStores {
  let open = true;
  return {
    consumers: createMemoryConsumerStore(),
    sessions: createMemorySessionStore(),
    replay: createMemoryReplayCache(options.clock ? { clock: options.clock } : {}),
    keys: createMemoryKeyStore(),
    conversations: createMemoryConversationStore(),
    agentSessions: createMemoryAgentSessionStore(),
    audit: createMemoryAuditStore(),
    pkce: createMemoryPkceStore(options.clock ? { clock: options.clock } : {}),
    states: createMemoryStateStore(options.clock ? { clock: options.clock } : {}),
    anonymousRefs: createMemoryAnonymousRefStore(options.clock ? { clock: options.clock } : {}),
    async ping() {
      if (!open) throw new Error('memory stores are closed');
    },
    async close() {
      open = false;
    },
  };
}
