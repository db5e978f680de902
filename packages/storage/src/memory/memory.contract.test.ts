import { describe, expect, it } from 'vitest';
import { createFakeClock } from '@parley/core/testing/clock';
import { runEventBusContract, runRateLimiterContract, runStoreContract } from '../contract/index.ts';
import { createInProcessEventBus, createMemoryRateLimiter, createMemoryStores } from './index.ts';
import { createMemoryReplayCache } from './replay-cache.ts';

runStoreContract('memory', async (clock) => createMemoryStores({ clock }));
runRateLimiterContract('memory', (clock) => createMemoryRateLimiter(clock));
runEventBusContract('in-process', async ({ onError }) => {
  const bus = createInProcessEventBus({ onError });
  // handlers run inside publish: nothing is ever in flight
  return { subscriber: bus, publisher: bus, flush: async () => {}, subscriptionCount: bus.subscriptionCount };
});

describe('memory replay cache sweep', () => {
  it('sweep drops expired entries and keeps live ones', async () => {
    const clock = createFakeClock();
    const replay = createMemoryReplayCache({ clock });
    await replay.remember('old-1', clock.now() + 10);
    await replay.remember('old-2', clock.now() + 20);
    await replay.remember('live', clock.now() + 1_000);
    clock.advance(20);
    expect(replay.sweep()).toBe(2);
    expect(replay.size()).toBe(1);
    expect(await replay.remember('live', clock.now() + 1_000)).toBe(false);
  });

  it('sweeps on its own after enough inserts, so expired keys do not pile up', async () => {
    const clock = createFakeClock();
    const replay = createMemoryReplayCache({ clock, minSweepInterval: 10 });
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 10; i++) await replay.remember(`r${round}-${i}`, clock.now() + 5);
      clock.advance(10);
    }
    // 1000 keys remembered, each expired after its round: never more than two rounds held.
    expect(replay.size()).toBeLessThanOrEqual(20);
  });

  it('keeps memory bounded by about twice the live keys when many are live', async () => {
    const clock = createFakeClock();
    const replay = createMemoryReplayCache({ clock, minSweepInterval: 4 });
    for (let i = 0; i < 100; i++) await replay.remember(`live-${i}`, clock.now() + 1_000_000);
    for (let i = 0; i < 1_000; i++) {
      await replay.remember(`short-${i}`, clock.now() + 1);
      clock.advance(1);
    }
    expect(replay.size()).toBeLessThanOrEqual(2 * 100 + 4);
  });

  it('rejects a nonsensical sweep interval as misuse', () => {
    expect(() => createMemoryReplayCache({ minSweepInterval: 0 })).toThrow(TypeError);
  });
});
