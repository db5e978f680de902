import type { ServerFrame } from '@parley/protocol';

/**
 * What travels on the {@link EventBus}: frames to fan out to sockets, plus control events the
 * socket layer acts on. Everything is JSON-serialisable so a Redis bus can carry it unchanged.
 */
export type RealtimeEvent =
  | { kind: 'frame'; frame: ServerFrame }
  /** Agents watching `conversationId` should (re)build and send `consumer.profile`. */
  | { kind: 'profile-changed'; accountId: string; conversationId: string; consumerId: string }
  /** Sessions ended (logout, back-channel logout, revocation): close their sockets with 4401. */
  | {
      kind: 'session-ended';
      accountId: string;
      consumerId: string;
      /** The ended session ids, or `'all'` for every session of the consumer. */
      sessionIds: readonly string[] | 'all';
      reason: 'logout' | 'backchannel-logout' | 'revoked' | 'step-up';
    }
  /** Agent sessions ended (agent logout): the agent sockets holding them close with 4401. */
  | { kind: 'agent-session-ended'; accountId: string; agentId: string; tokenIds: readonly string[] };

/** Handler of a subscription; it must not throw (errors are the subscriber's to log). */
export type EventHandler = (event: RealtimeEvent) => void;

/**
 * Port: publish/subscribe by topic (see {@link topics}). In-process now; Redis pub/sub when
 * several Parley nodes serve one deployment. Delivery is at-most-once: clients recover with
 * `resume`, which reads the store.
 */
export interface EventBus {
  publish(topic: string, event: RealtimeEvent): Promise<void>;
  /** Subscribes; returns the function that unsubscribes (idempotent). */
  subscribe(topic: string, handler: EventHandler): () => void;
}

/**
 * Topic names.
 *
 * @example
 * ```ts
 * bus.subscribe(topics.consumer(consumerId), onEvent);
 * ```
 */
export const topics = {
  /** Every socket of one consumer. */
  consumer: (consumerId: string) => `consumer:${consumerId}`,
  /** Every agent socket of one account (queue, assignments). */
  agentQueue: (accountId: string) => `agent-queue:${accountId}`,
  /** Agent sockets following one conversation. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
} as const;
