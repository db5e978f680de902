import type { Redis } from 'ioredis';
import type { EventBus, EventHandler, RealtimeEvent } from '@parley/core';

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
  const handlers = new Map<string, Set<EventHandler>>();
  const pending = new Set<Promise<unknown>>();
  let count = 0;
  let closing: Promise<void> | undefined;

  const track = (command: Promise<unknown>) => {
    const settled = command.catch(onError).finally(() => pending.delete(settled));
    pending.add(settled);
  };

  subscriber.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(channelPrefix)) return;
    const set = handlers.get(channel.slice(channelPrefix.length));
    if (!set) return;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(message) as RealtimeEvent;
    } catch (err) {
      onError(err);
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (err) {
        onError(err);
      }
    }
  });

  return {
    async publish(topic, event) {
      await publisher.publish(channelPrefix + topic, JSON.stringify(event));
    },

    subscribe(topic, handler) {
      if (closing) throw new Error('event bus is closed');
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        track(subscriber.subscribe(channelPrefix + topic));
      }
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
        if (current?.size === 0) {
          handlers.delete(topic);
          if (!closing) track(subscriber.unsubscribe(channelPrefix + topic));
        }
      };
    },

    async ready() {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    subscriptionCount: () => count,

    close() {
      closing ??= (async () => {
        handlers.clear();
        count = 0;
        await Promise.all([...pending]);
        // Never connected (no subscription yet): nothing to say goodbye to.
        if (subscriber.status === 'wait') subscriber.disconnect();
        else await subscriber.quit().catch(() => subscriber.disconnect());
      })();
      return closing;
    },
  };
}
