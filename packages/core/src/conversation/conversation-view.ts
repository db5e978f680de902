import type { Conversation } from '@parley/protocol';
import type { ConversationDeps } from './conversation-deps.ts';
import type { ConversationRecord } from './conversation-store.ts';
import { toConversation } from './to-wire.ts';

/**
 * The §4 `conversation` with the accepting agent's name (`agentName`) when the deployment can
 * tell it. Consumers get `agentName` only where the account shows agent names (the consumer
 * socket strips it otherwise).
 *
 * @example
 * ```ts
 * const frame = { type: 'conversation.assigned', conversation: await conversationView(deps, record) };
 * ```
 */
export async function conversationView(
  deps: ConversationDeps,
  record: ConversationRecord,
): Promise<Conversation> {
  const wire = toConversation(record);
  if (record.agentId === null || deps.agentName === undefined) return wire;
  const agentName = await deps.agentName(record.accountId, record.agentId);
  return agentName === null ? wire : { ...wire, agentName };
}

/** {@link conversationView} of many, one directory look-up per distinct agent. */
export async function conversationViews(
  deps: ConversationDeps,
  records: readonly ConversationRecord[],
): Promise<Conversation[]> {
  const names = new Map<string, Promise<string | null>>();
  const cached: ConversationDeps = {
    ...deps,
    agentName: async (accountId, agentId) => {
      const key = `${accountId}\n${agentId}`;
      if (!names.has(key)) names.set(key, deps.agentName?.(accountId, agentId) ?? Promise.resolve(null));
      return names.get(key)!;
    },
  };
  return Promise.all(records.map((r) => conversationView(cached, r)));
}
