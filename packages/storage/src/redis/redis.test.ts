import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@parley/core';
import { createFakeClock } from '@parley/core/testing/clock';
import { runEventBusContract, runRateLimiterContract, runStoreContract } from '../contract/index.ts';
import { createMemoryStores } from '../memory/index.ts';
import {
  createRedisEventBus,
  createRedisRateLimiter,
  createRedisReplayCache,
  openRedisCache,
  type RedisEventBus,
} from './index.ts';
import { REDIS_SKIP_REASON, deleteKeys, randomPrefix, testRedisUrl } from './test-redis.ts';

const frame = (n: number): RealtimeEvent => ({
  kind: 'frame',
  frame: { type: 'session.expiring', expiresAt: new Date(n).toISOString() },
});

/** Collects what a handler receives; `next(n)` waits until n events arrived. */
function inbox() {
  const events: RealtimeEvent[] = [];
  return {
    events,
    handler: (event: RealtimeEvent) => void events.push(event),
    async next(n: number, timeoutMs = 2_000): Promise<RealtimeEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return events;
    },
  };
}

/** Round trip through Redis after which every earlier PUBLISH has been delivered. */
const settle = async (bus: RedisEventBus, topic = '__settle__') => {
  const box = inbox();
  const off = bus.subscribe(topic, box.handler);
  await bus.ready();
  await bus.publish(topic, frame(0));
  await box.next(1);
  off();
};

describe.skipIf(!testRedisUrl)(`redis adapters (${REDIS_SKIP_REASON})`, () => {
  const url = testRedisUrl ?? '';
  const prefix = randomPrefix();
  let admin: Redis;
  const buses: RedisEventBus[] = [];
  const connections: Redis[] = [];

  const connect = (): Redis => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  /** A "node": its own publisher connection and bus. */
  const node = (options: { prefix?: string; onError?: (err: unknown) => void } = {}): RedisEventBus => {
    const bus = createRedisEventBus(connect(), {
      prefix: options.prefix ?? prefix,
      ...(options.onError ? { onError: options.onError } : {}),
    });
    buses.push(bus);
    return bus;
  };

  beforeAll(() => {
    admin = new Redis(url);
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    for (const redis of connections.splice(0)) await redis.quit();
  });

  afterAll(async () => {
    await deleteKeys(admin, prefix);
    await admin.quit();
  });

  // The full store contract with the replay cache on Redis (rest in memory); fresh prefix per test.
  const contractPrefixes: string[] = [];
  runStoreContract('memory + redis replay cache', async (clock) => {
    const redis = new Redis(url);
    const p = randomPrefix();
    contractPrefixes.push(p);
    const stores = createMemoryStores({ clock });
    return {
      ...stores,
      replay: createRedisReplayCache(redis, { prefix: p, clock }),
      async close() {
        await stores.close();
        if (redis.status === 'ready') await redis.quit();
      },
    };
  });
  // Each test a fresh prefix: every test's manual clock starts in the same window.
  runRateLimiterContract('redis', (clock) => {
    const p = randomPrefix();
    contractPrefixes.push(p);
    return createRedisRateLimiter(connect(), { prefix: p, clock });
  });
  runEventBusContract('redis (two nodes)', async ({ onError }) => {
    const p = randomPrefix();
    const subscriber = node({ prefix: p, onError });
    return {
      subscriber,
      publisher: node({ prefix: p }),
      flush: () => settle(subscriber),
      subscriptionCount: () => subscriber.subscriptionCount(),
    };
  });
  afterAll(async () => {
    for (const p of contractPrefixes) await deleteKeys(admin, p);
  });

  describe('replay cache', () => {
    it('is shared by two nodes: the second sees the first one’s key', async () => {
      const a = createRedisReplayCache(connect(), { prefix });
      const b = createRedisReplayCache(connect(), { prefix });
      const exp = Date.now() + 60_000;
      expect(await a.remember('code:shared', exp)).toBe(true);
      expect(await b.remember('code:shared', exp)).toBe(false);
    });

    it('lets exactly one of 50 racing calls over 5 connections win', async () => {
      const caches = Array.from({ length: 5 }, () => createRedisReplayCache(connect(), { prefix }));
      const exp = Date.now() + 60_000;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => caches[i % 5]!.remember('jti:race', exp)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('stores a hashed key under the prefix with a TTL, and Redis drops it at expiry', async () => {
      const p = randomPrefix();
      const replay = createRedisReplayCache(connect(), { prefix: p });
      expect(await replay.remember('code:secret-code-value', Date.now() + 150)).toBe(true);
      const keys = await admin.keys(`${p}*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${p}replay:[A-Za-z0-9_-]{43}$`));
      expect(keys[0]).not.toContain('secret');
      const ttl = await admin.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(150);
      await new Promise((r) => setTimeout(r, 250));
      expect(await admin.exists(keys[0]!)).toBe(0);
      expect(await replay.remember('code:secret-code-value', Date.now() + 60_000)).toBe(true);
      await deleteKeys(admin, p);
    });

    it('records an already-expired key for 1 ms instead of failing', async () => {
      const clock = createFakeClock();
      const replay = createRedisReplayCache(connect(), { prefix, clock });
      expect(await replay.remember('jti:past', clock.now() - 1_000)).toBe(true);
    });

    it('keeps deployments with different prefixes apart', async () => {
      const exp = Date.now() + 60_000;
      const [p1, p2] = [randomPrefix(), randomPrefix()];
      expect(await createRedisReplayCache(connect(), { prefix: p1 }).remember('jti:x', exp)).toBe(true);
      expect(await createRedisReplayCache(connect(), { prefix: p2 }).remember('jti:x', exp)).toBe(true);
      await deleteKeys(admin, p1);
      await deleteKeys(admin, p2);
    });
  });

  describe('rate limiter', () => {
    it('counts one limit across nodes within a minute, then starts afresh in the next', async () => {
      const clock = createFakeClock(1_700_000_050_000); // 10 s into a minute window
      const a = createRedisRateLimiter(connect(), { prefix, clock });
      const b = createRedisRateLimiter(connect(), { prefix, clock });
      const hits = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hit('ip:203.0.113.9', 6)),
      );
      expect(hits.filter((h) => h.allowed)).toHaveLength(6);
      expect(hits.every((h) => h.retryAfterSeconds === 50)).toBe(true);
      expect((await a.hit('ip:198.51.100.1', 6)).allowed).toBe(true);

      clock.advance(50_000);
      expect(await b.hit('ip:203.0.113.9', 6)).toEqual({ allowed: true, retryAfterSeconds: 60 });
    });

    it('lets Redis expire the counters shortly after their window', async () => {
      const p = randomPrefix();
      const limiter = createRedisRateLimiter(connect(), { prefix: p });
      await limiter.hit('acct:acme', 10);
      const [key] = await admin.keys(`${p}rl:*`);
      const ttl = await admin.pttl(key ?? '');
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
      await deleteKeys(admin, p);
    });
  });

  describe('event bus', () => {
    it('delivers in publish order, to the publishing node as well', async () => {
      const a = node();
      const box = inbox();
      a.subscribe('conversation:x', box.handler);
      await a.ready();
      for (let i = 1; i <= 20; i++) await a.publish('conversation:x', frame(i));
      expect(await box.next(20)).toEqual(Array.from({ length: 20 }, (_, i) => frame(i + 1)));
    });

    it('refcounts a topic: one Redis subscription for many handlers, kept until the last leaves', async () => {
      const [a, b] = [node(), node()];
      const channel = `${prefix}bus:agent-queue:acme`;
      const first = inbox();
      const second = inbox();
      const offFirst = b.subscribe('agent-queue:acme', first.handler);
      const offSecond = b.subscribe('agent-queue:acme', second.handler);
      await b.ready();
      expect(await admin.pubsub('NUMSUB', channel)).toEqual([channel, 1]);

      offFirst();
      await b.ready();
      await a.publish('agent-queue:acme', frame(1));
      expect(await second.next(1)).toEqual([frame(1)]);
      expect(first.events).toEqual([]);

      offSecond();
      await b.ready();
      expect(await admin.pubsub('NUMSUB', channel)).toEqual([channel, 0]);
    });

    it('resubscribes a topic whose last handler left and a new one arrived at once', async () => {
      const [a, b] = [node(), node()];
      b.subscribe('t', () => {})();
      const box = inbox();
      b.subscribe('t', box.handler);
      await b.ready();
      await a.publish('t', frame(1));
      expect(await box.next(1)).toEqual([frame(1)]);
    });

    it('reports a message that is not JSON to onError, and keeps delivering', async () => {
      const errors: unknown[] = [];
      const b = node({ onError: (err) => errors.push(err) });
      const box = inbox();
      b.subscribe('t', box.handler);
      await b.ready();
      await admin.publish(`${prefix}bus:t`, 'not json');
      await b.publish('t', frame(1));
      expect(await box.next(1)).toEqual([frame(1)]);
      expect(errors.map((e) => (e instanceof Error ? e.constructor.name : typeof e))).toEqual([
        'SyntaxError',
      ]);
    });

    it('keeps deployments with different prefixes apart', async () => {
      const a = node({ prefix: randomPrefix() });
      const b = node();
      const box = inbox();
      b.subscribe('t', box.handler);
      await b.ready();
      await a.publish('t', frame(1));
      await settle(b);
      expect(box.events).toEqual([]);
    });

    it('closes its subscriber connection, once; subscribing afterwards is misuse', async () => {
      const b = node();
      b.subscribe('t', () => {});
      await b.ready();
      await b.close();
      await b.close();
      expect(() => b.subscribe('t', () => {})).toThrow(/closed/);
      expect(b.subscriptionCount()).toBe(0);
    });
  });

  describe('openRedisCache', () => {
    it('opens, pings, shares the replay cache and bus, and closes both connections', async () => {
      const p = randomPrefix();
      const one = await openRedisCache({ url, prefix: p });
      const two = await openRedisCache({ url, prefix: p });
      try {
        await one.ping();
        const exp = Date.now() + 60_000;
        expect(await one.replay.remember('jti:z', exp)).toBe(true);
        expect(await two.replay.remember('jti:z', exp)).toBe(false);
        const box = inbox();
        two.bus.subscribe('consumer:c9', box.handler);
        await two.bus.ready();
        await one.bus.publish('consumer:c9', frame(9));
        expect(await box.next(1)).toEqual([frame(9)]);
      } finally {
        await one.close();
        await two.close();
        await deleteKeys(admin, p);
      }
      expect(one.redis.status).toBe('end');
      await expect(one.ping()).rejects.toThrow();
      await expect(one.close()).resolves.toBeUndefined();
    });

    it('rejects when Redis is unreachable', async () => {
      await expect(openRedisCache({ url: 'redis://127.0.0.1:1', onError: () => {} })).rejects.toThrow();
    });
  });
});
