import { describe, expect, it } from 'vitest';
import type { EventBus, RealtimeEvent } from '@parley/core';

/** One deployment's buses as the contract sees them. */
export interface EventBusUnderTest {
  /** The bus the test subscribes on. */
  subscriber: EventBus;
  /** The bus the test publishes on: another node of the same deployment, or the same bus. */
  publisher: EventBus;
  /** Resolves once the subscriptions made so far are live and every event published so far is delivered. */
  flush(): Promise<void>;
  /** The subscriber's live subscriptions (leak checks). */
  subscriptionCount(): number;
}

const frame = (n: number): RealtimeEvent => ({
  kind: 'frame',
  frame: { type: 'session.expiring', expiresAt: new Date(n).toISOString() },
});

function inbox() {
  const events: RealtimeEvent[] = [];
  return { events, handler: (event: RealtimeEvent) => void events.push(event) };
}

/**
 * The behaviour every {@link EventBus} adapter shares: delivery by topic, in publish order, to
 * each subscription, until it unsubscribes; a throwing handler goes to `onError` and stops no
 * other. `make` builds the buses of a fresh deployment for each test; the caller closes them.
 */
export function runEventBusContract(
  name: string,
  make: (options: { onError: (err: unknown) => void }) => Promise<EventBusUnderTest>,
): void {
  describe(`${name} EventBus contract`, () => {
    const setUp = () => {
      const errors: unknown[] = [];
      return { errors, made: make({ onError: (err) => errors.push(err) }) };
    };

    it('delivers an event to the subscribers of its topic, unchanged', async () => {
      const bus = await setUp().made;
      const box = inbox();
      bus.subscriber.subscribe('consumer:c1', box.handler);
      await bus.flush();
      const event: RealtimeEvent = {
        kind: 'session-ended',
        accountId: 'acme',
        consumerId: 'c1',
        sessionIds: ['s1', 's2'],
        reason: 'logout',
      };
      await bus.publisher.publish('consumer:c1', event);
      await bus.flush();
      expect(box.events).toEqual([event]);
    });

    it('delivers the events of one topic in publish order', async () => {
      const bus = await setUp().made;
      const box = inbox();
      bus.subscriber.subscribe('conversation:x', box.handler);
      await bus.flush();
      for (let i = 1; i <= 20; i++) await bus.publisher.publish('conversation:x', frame(i));
      await bus.flush();
      expect(box.events).toEqual(Array.from({ length: 20 }, (_, i) => frame(i + 1)));
    });

    it('keeps topics apart, and publishing to a topic nobody follows is harmless', async () => {
      const bus = await setUp().made;
      const [one, two] = [inbox(), inbox()];
      bus.subscriber.subscribe('consumer:c1', one.handler);
      bus.subscriber.subscribe('consumer:c2', two.handler);
      await bus.flush();
      await bus.publisher.publish('consumer:c2', frame(2));
      await bus.publisher.publish('consumer:nobody', frame(3));
      await bus.flush();
      expect(one.events).toEqual([]);
      expect(two.events).toEqual([frame(2)]);
    });

    it('stops delivery after unsubscribe; unsubscribing twice is harmless', async () => {
      const bus = await setUp().made;
      const box = inbox();
      const off = bus.subscriber.subscribe('consumer:c1', box.handler);
      await bus.flush();
      await bus.publisher.publish('consumer:c1', frame(1));
      await bus.flush();
      off();
      off();
      await bus.flush();
      await bus.publisher.publish('consumer:c1', frame(2));
      await bus.flush();
      expect(box.events).toEqual([frame(1)]);
      expect(bus.subscriptionCount()).toBe(0);
    });

    it('delivers to every handler of a topic, and to the rest when one leaves', async () => {
      const bus = await setUp().made;
      const [first, second] = [inbox(), inbox()];
      const offFirst = bus.subscriber.subscribe('agent-queue:acme', first.handler);
      bus.subscriber.subscribe('agent-queue:acme', second.handler);
      await bus.flush();
      await bus.publisher.publish('agent-queue:acme', frame(1));
      await bus.flush();
      offFirst();
      await bus.flush();
      await bus.publisher.publish('agent-queue:acme', frame(2));
      await bus.flush();
      expect(first.events).toEqual([frame(1)]);
      expect(second.events).toEqual([frame(1), frame(2)]);
    });

    it('counts one handler subscribed twice as two subscriptions', async () => {
      const bus = await setUp().made;
      const box = inbox();
      bus.subscriber.subscribe('t', box.handler);
      const off = bus.subscriber.subscribe('t', box.handler);
      await bus.flush();
      await bus.publisher.publish('t', frame(1));
      await bus.flush();
      expect(box.events).toHaveLength(2);
      off();
      await bus.publisher.publish('t', frame(2));
      await bus.flush();
      expect(box.events).toHaveLength(3);
    });

    it('reports a throwing handler to onError and keeps delivering to the others', async () => {
      const { errors, made } = setUp();
      const bus = await made;
      const box = inbox();
      bus.subscriber.subscribe('t', () => {
        throw new Error('handler bug');
      });
      bus.subscriber.subscribe('t', box.handler);
      await bus.flush();
      await bus.publisher.publish('t', frame(1));
      await bus.flush();
      expect(box.events).toEqual([frame(1)]);
      expect(errors.map((err) => (err as Error).message)).toEqual(['handler bug']);
    });
  });
}
