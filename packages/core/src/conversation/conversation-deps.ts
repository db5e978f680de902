import type { Clock } from '../clock.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { EventBus } from './event-bus.ts';

/** What the conversation use cases need; the server builds it once. */
export interface ConversationDeps {
  conversations: ConversationStore;
  bus: EventBus;
  clock: Clock;
  /** Id source for conversations and messages (default: random UUIDs). */
  newId?: () => string;
  /** `agents[].name` of an agent, for `agentName` in conversation frames and reads. */
  agentName?: (accountId: string, agentId: string) => Promise<string | null>;
}

/** The consumer behind a live session. */
export interface ConsumerActor {
  accountId: string;
  consumerId: string;
  authenticated: boolean;
}

/** A logged-in agent. */
export interface AgentActor {
  accountId: string;
  agentId: string;
  role: 'agent' | 'supervisor' | 'admin';
}

export function newIdOf(deps: ConversationDeps): string {
  return deps.newId ? deps.newId() : globalThis.crypto.randomUUID();
}
