import type { EventBus, EventHandler } from '@parley/core';

/** {@link EventBus} in one process, plus a count of live subscriptions (for leak checks). */
export interface InProcessEventBus extends EventBus {
  subscriptionCount(): number;
}

/**
 * The embedded-deployment {@link EventBus}: handlers run synchronously in `publish`, in
 * subscription order, so events of one topic arrive in publish order. A throwing handler is
 * reported to `onError` and never stops the others.
 *
 * @example
 * ```ts
 * const bus = createInProcessEventBus();
 * const off = bus.subscribe('consumer:c1', (event) => console.log(event.kind));
 * await bus.publish('consumer:c1', { kind: 'frame', frame: { type: 'session.expired' } });
 * off();
 * ```
 */
export function createInProcessEventBus(
  options: { onError?: (err: unknown) => void } = {},
): InProcessEventBus {
  const handlers = new Map<string, Set<EventHandler>>();
  let count = 0;
  return {
    async publish(topic, event) {
      const set = handlers.get(topic);
      if (!set) return;
      for (const handler of [...set]) {
        try {
          handler(event);
        } catch (err) {
          options.onError?.(err);
        }
      }
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      // Wrap so one handler may subscribe twice and unsubscribe each independently.
      const entry: EventHandler = (event) => handler(event);
      set.add(entry);
      count += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count -= 1;
        const current = handlers.get(topic);
        current?.delete(entry);
        if (current?.size === 0) handlers.delete(topic);
      };
    },
    subscriptionCount: () => count,
  };
}
