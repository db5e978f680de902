import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, Stores } from '@parley/core';
import type { ContractContext } from './context.ts';
import { consumerStoreContract } from './consumer-store.contract.ts';
import { keyStoreContract } from './key-store.contract.ts';
import { createFakeClock, type FakeClock } from '@parley/core/testing/clock';
import { replayCacheContract } from './replay-cache.contract.ts';
import { sessionStoreContract } from './session-store.contract.ts';
import { oneTimeStoreContract } from './one-time-store.contract.ts';
import { conversationStoreContract } from './conversation-store.contract.ts';
import { agentSessionStoreContract } from './agent-session-store.contract.ts';
import { auditStoreContract } from './audit-store.contract.ts';

export { runEventBusContract, type EventBusUnderTest } from './event-bus.contract.ts';
export { runRateLimiterContract } from './rate-limiter.contract.ts';

/**
 * The one behaviour suite every storage adapter passes (call it from a `*.test.ts`). Each test
 * gets fresh, empty stores from `makeStores`, built on a manual clock the suite controls; the
 * suite closes them afterwards.
 *
 * @example
 * ```ts
 * // sqlite.contract.test.ts
 * runStoreContract('sqlite', async (clock) => openSqliteStores({ path: tempFile(), clock }));
 * ```
 */
export function runStoreContract(name: string, makeStores: (clock: Clock) => Promise<Stores>): void {
  describe(`${name} storage adapter contract`, () => {
    let stores: Stores | undefined;
    let clock: FakeClock | undefined;

    beforeEach(async () => {
      clock = createFakeClock(1_700_000_000_000);
      stores = await makeStores(clock);
    });

    afterEach(async () => {
      await stores?.close();
      stores = undefined;
    });

    const ctx: ContractContext = {
      stores() {
        if (!stores) throw new Error('stores are only available inside a test');
        return stores;
      },
      clock() {
        if (!clock) throw new Error('the clock is only available inside a test');
        return clock;
      },
    };

    consumerStoreContract(ctx);
    sessionStoreContract(ctx);
    replayCacheContract(ctx);
    keyStoreContract(ctx);
    oneTimeStoreContract(ctx);
    conversationStoreContract({ conversations: () => ctx.stores().conversations });
    agentSessionStoreContract({ agentSessions: () => ctx.stores().agentSessions });
    auditStoreContract({ audit: () => ctx.stores().audit });

    describe('Stores lifecycle', () => {
      it('pings while open', async () => {
        await expect(ctx.stores().ping()).resolves.toBeUndefined();
      });

      it('rejects ping after close, and closing twice is harmless', async () => {
        await ctx.stores().close();
        await expect(ctx.stores().ping()).rejects.toThrow();
        await expect(ctx.stores().close()).resolves.toBeUndefined();
      });
    });
  });
}
