import type { AgentDeps, ConversationDeps, Stores } from '@parley/core';
import type { AccountRegistry } from '../plugins/accounts.ts';
import type { Connection } from './connection.ts';
import type { RealtimeOptions } from './realtime-options.ts';

/** Shared by every socket handler; built once by the realtime plugin. */
export interface RealtimeContext {
  accounts: AccountRegistry;
  stores: Stores;
  conversations: ConversationDeps;
  agents: AgentDeps;
  options: RealtimeOptions;
  /** Live sockets (heartbeat sweep, shutdown). */
  connections: Set<Connection>;
}
