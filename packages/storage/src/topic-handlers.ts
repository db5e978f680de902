import type { EventHandler, RealtimeEvent } from '@parley/core';

/** The local handler registry of an EventBus adapter: per-topic sets, refcounted. */
export interface TopicHandlers {
  /** Adds a handler; the returned function removes exactly this subscription (idempotent). */
  add(topic: string, handler: EventHandler): () => void;
  /** Runs every handler of `topic` in subscription order; a throwing one goes to `onError`. */
  deliver(topic: string, event: RealtimeEvent): void;
  /** Live subscriptions (for leak checks). */
  count(): number;
  /** Forgets every subscription (bus closing); `onLast` is not called. */
  clear(): void;
}

/**
 * The subscription bookkeeping both event buses share (in-process and Redis). `onFirst` runs
 * when a topic gets its first handler and `onLast` when its last one leaves, so the Redis bus
 * can SUBSCRIBE/UNSUBSCRIBE its channel. A handler subscribed twice is two subscriptions.
 *
 * @example
 * ```ts
 * const topics = createTopicHandlers({ onError: console.error });
 * const off = topics.add('consumer:c1', (event) => console.log(event.kind));
 * topics.deliver('consumer:c1', event);
 * off();
 * ```
 */
export function createTopicHandlers(hooks: {
  onError?: (err: unknown) => void;
  onFirst?: (topic: string) => void;
  onLast?: (topic: string) => void;
}): TopicHandlers {
  const handlers = new Map<string, Set<EventHandler>>();
  let count = 0;
  return {
    add(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        hooks.onFirst?.(topic);
      }
      // Wrap so one handler may subscribe twice and unsubscribe each independently.
      const entry: EventHandler = (event) => handler(event);
      set.add(entry);
      count += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const current = handlers.get(topic);
        if (!current?.delete(entry)) return; // cleared by close()
        count -= 1;
        if (current.size === 0) {
          handlers.delete(topic);
          hooks.onLast?.(topic);
        }
      };
    },
    deliver(topic, event) {
      const set = handlers.get(topic);
      if (!set) return;
      for (const handler of [...set]) {
        try {
          handler(event);
        } catch (err) {
          hooks.onError?.(err);
        }
      }
    },
    count: () => count,
    clear() {
      handlers.clear();
      count = 0;
    },
  };
}
