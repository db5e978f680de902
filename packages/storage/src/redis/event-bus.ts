import type { Redis } from 'ioredis';
import type { EventBus, RealtimeEvent } from '@parley/core';
import { createTopicHandlers } from '../topic-handlers.ts';

/** The Redis {@link EventBus}: also owns its subscriber connection. */
export interface RedisEventBus extends EventBus {
  /** Resolves once Redis acknowledged every SUBSCRIBE/UNSUBSCRIBE issued so far. */
  ready(): Promise<void>;
  /** Live local subscriptions (for leak checks). */
  subscriptionCount(): number;
  /** Closes the subscriber connection (idempotent); the publisher stays the caller's. */
  close(): Promise<void>;
}

export interface RedisEventBusOptions {
  /** Prepended to every channel (default `parley:`): channels are `<prefix>bus:<topic>`. */
  prefix?: string;
  /** A handler threw, a message was not JSON, or a (un)subscribe failed. */
  onError?: (err: unknown) => void;
}

/**
 * {@link EventBus} over Redis pub/sub, so an event published on one Parley node reaches the
 * sockets held by every node. `publisher` sends (`PUBLISH`, JSON); a duplicate of it becomes the
 * one subscriber connection of this node. Topics are refcounted: the first local handler of a
 * topic sends `SUBSCRIBE`, the last one leaving sends `UNSUBSCRIBE`. Delivery is at-most-once
 * (pub/sub keeps nothing): clients recover with `resume`. A node receives its own events
 * through Redis too, so all handlers see one topic's events in publish order.
 *
 * @example
 * ```ts
 * const bus = createRedisEventBus(new Redis(url), { prefix: 'parley:' });
 * const off = bus.subscribe('consumer:c1', (event) => console.log(event.kind));
 * await bus.ready();
 * await bus.publish('consumer:c1', { kind: 'frame', frame: { type: 'session.expired' } });
 * off();
 * await bus.close();
 * ```
 */
export function createRedisEventBus(publisher: Redis, options: RedisEventBusOptions = {}): RedisEventBus {
  const channelPrefix = `${options.prefix ?? 'parley:'}bus:`;
  const onError = options.onError ?? (() => {});
  const subscriber = publisher.duplicate();
  subscriber.on('error', onError);
  const pending = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const track = (command: Promise<unknown>) => {
    const settled = command.catch(onError).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const topics = createTopicHandlers({
    onError,
    onFirst: (topic) => track(subscriber.subscribe(channelPrefix + topic)),
    onLast: (topic) => {
      if (!closing) track(subscriber.unsubscribe(channelPrefix + topic));
    },
  });

  subscriber.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(channelPrefix)) return;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(message) as RealtimeEvent;
    } catch (err) {
      onError(err);
      return;
    }
    topics.deliver(channel.slice(channelPrefix.length), event);
  });

  return {
    async publish(topic, event) {
      await publisher.publish(channelPrefix + topic, JSON.stringify(event));
    },

    subscribe(topic, handler) {
      if (closing) throw new Error('event bus is closed');
      return topics.add(topic, handler);
    },

    async ready() {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    subscriptionCount: () => topics.count(),

    close() {
      closing ??= (async () => {
        topics.clear();
        await Promise.all([...pending]);
        // Never connected (no subscription yet): nothing to say goodbye to.
        if (subscriber.status === 'wait') subscriber.disconnect();
        else await subscriber.quit().catch(() => subscriber.disconnect());
      })();
      return closing;
    },
  };
}
