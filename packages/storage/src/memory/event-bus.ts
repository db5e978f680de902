import type { EventBus } from '@parley/core';
import { createTopicHandlers } from '../topic-handlers.ts';

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
  const topics = createTopicHandlers({ ...(options.onError ? { onError: options.onError } : {}) });
  return {
    async publish(topic, event) {
      topics.deliver(topic, event);
    },
    subscribe: (topic, handler) => topics.add(topic, handler),
    subscriptionCount: () => topics.count(),
  };
}
