import type { ConversationStatus, MessageAuthor } from '@parley/protocol';

/** A conversation as stored. Times are epoch ms. */
export interface ConversationRecord {
  id: string;
  accountId: string;
  consumerId: string;
  status: ConversationStatus;
  /** True once the consumer behind it is authenticated (at creation, or after step-up). */
  authenticated: boolean;
  agentId: string | null;
  createdAt: number;
  closedAt: number | null;
  /** Highest `seq` stored so far; 0 before the first message. */
  lastSeq: number;
}

/** A stored message; `seq` is 1, 2, 3... per conversation without gaps. */
export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  from: MessageAuthor;
  /** Consumer or agent id of the author; null for system messages. */
  senderId: string | null;
  text: string;
  clientMessageId: string | null;
  createdAt: number;
}

export interface AppendMessageInput {
  accountId: string;
  conversationId: string;
  /** Id for a new message (ignored when `clientMessageId` was already stored). */
  id: string;
  from: MessageAuthor;
  senderId: string | null;
  text: string;
  clientMessageId: string | null;
  now: number;
}

export interface AppendResult {
  message: MessageRecord;
  /** False when (conversationId, clientMessageId) was already stored: `message` is the first one. */
  created: boolean;
}

/**
 * Port: conversations and their messages (docs/realtime.md). Every read and write is scoped to an
 * account: another account's conversation is indistinguishable from an unknown one.
 */
export interface ConversationStore {
  /**
   * The consumer's open (queued or active) conversation, newest first, or a new `queued` one
   * with `newId` when there is none. Atomic: racing calls for one consumer yield one conversation.
   */
  openOrCreate(input: {
    accountId: string;
    consumerId: string;
    authenticated: boolean;
    newId: string;
    now: number;
  }): Promise<{ conversation: ConversationRecord; created: boolean }>;
  get(accountId: string, conversationId: string): Promise<ConversationRecord | null>;
  /** Every conversation of a consumer (closed ones included), oldest first. */
  listByConsumer(accountId: string, consumerId: string): Promise<ConversationRecord[]>;
  /**
   * Conversations of an account, newest first (creation time, then insertion), optionally of
   * some statuses, at most `limit`. With `beforeId`: only those after that conversation in this
   * order (the next page); none if `beforeId` is not a conversation of the account.
   */
  listByAccount(
    accountId: string,
    options?: {
      statuses?: readonly ConversationStatus[];
      agentId?: string;
      limit?: number;
      beforeId?: string;
    },
  ): Promise<ConversationRecord[]>;
  /**
   * Assigns a queued conversation to an agent (status `active`). Idempotent for the same agent.
   * Null if unknown, closed, or already another agent's.
   */
  assign(input: {
    accountId: string;
    conversationId: string;
    agentId: string;
  }): Promise<ConversationRecord | null>;
  /** Closes an open conversation; returns it closed, or null if unknown or already closed. */
  close(input: {
    accountId: string;
    conversationId: string;
    now: number;
  }): Promise<ConversationRecord | null>;
  /**
   * Stores a message with the next `seq`, atomically. With a `clientMessageId` already stored in
   * that conversation, stores nothing and returns the first message (`created: false`).
   * Null if the conversation is unknown (or another account's).
   */
  appendMessage(input: AppendMessageInput): Promise<AppendResult | null>;
  /** Messages with `seq > afterSeq`, ascending, at most `limit` (default: all). */
  listMessages(
    accountId: string,
    conversationId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<MessageRecord[]>;
  /**
   * Step-up: every conversation of `fromConsumerId` now belongs to `toConsumerId` (and is
   * marked authenticated), in place: ids, messages and seqs are unchanged. Returns them.
   */
  moveConsumer(input: {
    accountId: string;
    fromConsumerId: string;
    toConsumerId: string;
  }): Promise<ConversationRecord[]>;
  /** Deletes every conversation and message of a consumer (admin erase). */
  deleteByConsumer(accountId: string, consumerId: string): Promise<void>;
}
