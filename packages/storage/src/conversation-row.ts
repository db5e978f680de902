import type { ConversationRecord, MessageRecord } from '@parley/core';

/** A `conversations` row as both SQL adapters return it (`authenticated`: 0/1 in SQLite, boolean in PostgreSQL). */
export interface ConversationRow {
  id: string;
  account_id: string;
  consumer_id: string;
  status: ConversationRecord['status'];
  authenticated: boolean | number;
  agent_id: string | null;
  created_at: number;
  closed_at: number | null;
  last_seq: number;
}

/** A `messages` row as both SQL adapters return it. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  from_role: MessageRecord['from'];
  sender_id: string | null;
  text: string;
  client_message_id: string | null;
  created_at: number;
}

export const toConversation = (r: ConversationRow): ConversationRecord => ({
  id: r.id,
  accountId: r.account_id,
  consumerId: r.consumer_id,
  status: r.status,
  authenticated: r.authenticated === true || r.authenticated === 1,
  agentId: r.agent_id,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  lastSeq: r.last_seq,
});

export const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: r.seq,
  from: r.from_role,
  senderId: r.sender_id,
  text: r.text,
  clientMessageId: r.client_message_id,
  createdAt: r.created_at,
});
