import type { Stores } from '@parley/core';
import type { FakeClock } from '@parley/core/testing/clock';

/** What each part of the contract sees: the stores and clock of the running test. */
export interface ContractContext {
  stores(): Stores;
  clock(): FakeClock;
}
