import type { Stores } from '@parley/core';
import type { ManualClock } from './manual-clock.ts';

/** What each part of the contract sees: the stores and clock of the running test. */
export interface ContractContext {
  stores(): Stores;
  clock(): ManualClock;
}
