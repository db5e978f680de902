import type { AgentDeps, ConversationDeps, Stores } from '@parley/core';
import type { AccountRegistry } from '../plugins/accounts.ts';
import type { RealtimeMetrics } from '../plugins/realtime-metrics.ts';
import type { Connection } from './connection.ts';
import type { RealtimeOptions } from './realtime-options.ts';

/** Shared by every socket handler; built once by the realtime plugin. */
export interface RealtimeContext {
  accounts: AccountRegistry;
  stores: Stores;
  conversations: ConversationDeps;
  agents: AgentDeps;
  options: RealtimeOptions;
  metrics: RealtimeMetrics;
  /** Live sockets (heartbeat sweep, shutdown). */
  connections: Set<Connection>;
}
