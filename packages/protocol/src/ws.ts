/**
 * Real-time protocol (docs/realtime.md): WebSocket JSON text frames between the server and
 * consumers / agents. Every frame has a `type`; client frames may carry an `id` that the
 * server echoes in its reply (ack or error). See docs/realtime.md.
 */
import type { ErrorCode } from './errors.ts';
import type { ConsumerProfile } from './http.ts';

/** WebSocket close codes Parley uses. */
export const WS_CLOSE = {
  /** Normal close. */
  NORMAL: 1000,
  /** Server going away (shutdown). */
  GOING_AWAY: 1001,
  /** Frame too large or not JSON text, or over 32 frames / 64 KiB sent before `auth.ok`. */
  POLICY: 1008,
  /** Back-pressure: the client reads too slowly; reconnect and `resume` with the last `seq`. */
  TRY_AGAIN_LATER: 1013,
  /** No valid `auth` in time, bad/revoked/expired session, logout, refused anonymous socket. */
  UNAUTHORIZED: 4401,
} as const;

export type ConversationStatus = 'queued' | 'active' | 'closed';
export type MessageAuthor = 'consumer' | 'agent' | 'system';
export type ConsumerAuthState = 'authenticated' | 'anonymous' | 'expired' | 'logged_out';

/** §4 `conversation`. */
export interface Conversation {
  id: string;
  accountId: string;
  consumerId: string;
  status: ConversationStatus;
  authenticated: boolean;
  agentId?: string;
  /** The accepting agent's `agents[].name` (to consumers only with `showAgentNamesToConsumers`). */
  agentName?: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** ISO 8601 UTC; present once closed. */
  closedAt?: string;
}

/** §4 `message`. */
export interface Message {
  id: string;
  /** 1, 2, 3... per conversation, without gaps. */
  seq: number;
  from: MessageAuthor;
  text: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** The sender's idempotency key, when it gave one. */
  clientMessageId?: string;
}

// ---------------------------------------------------------------- server → client

export interface AuthOkFrame {
  type: 'auth.ok';
  consumerId?: string;
  agentId?: string;
  authenticated: boolean;
  expiresAt: string;
  id?: string;
}
export interface MessageAckFrame {
  type: 'message.ack';
  clientMessageId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  id?: string;
}
export interface MessageCreatedFrame {
  type: 'message.created';
  conversationId: string;
  message: Message;
}
export interface ResumeDoneFrame {
  type: 'resume.done';
  conversationId: string;
  /** Highest `seq` of the conversation when the replay ended. */
  lastSeq: number;
  id?: string;
}
export interface ConversationOpenedFrame {
  type: 'conversation.opened';
  conversation: Conversation;
}
export interface ConversationQueuedFrame {
  type: 'conversation.queued';
  conversation: Conversation;
}
export interface ConversationAssignedFrame {
  type: 'conversation.assigned';
  conversation: Conversation;
  id?: string;
}
export interface ConversationClosedFrame {
  type: 'conversation.closed';
  conversation: Conversation;
  id?: string;
}
export interface ServerAuthRequestFrame {
  type: 'auth.request';
  conversationId: string;
  id?: string;
}
export interface TypingEventFrame {
  type: 'typing';
  conversationId: string;
  from: 'consumer' | 'agent';
}
export interface ReadEventFrame {
  type: 'read';
  conversationId: string;
  seq: number;
  from: 'consumer' | 'agent';
}
export interface SessionExpiringFrame {
  type: 'session.expiring';
  expiresAt: string;
}
export interface SessionExpiredFrame {
  type: 'session.expired';
}
export interface ConsumerAuthStateFrame {
  type: 'consumer.auth_state';
  consumerId: string;
  conversationId?: string;
  state: ConsumerAuthState;
}
export interface ConsumerProfileFrame {
  type: 'consumer.profile';
  conversationId: string;
  profile: ConsumerProfile;
}
export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  id?: string;
}

export type ConsumerServerFrame =
  | AuthOkFrame
  | MessageAckFrame
  | MessageCreatedFrame
  | ResumeDoneFrame
  | ConversationOpenedFrame
  | ConversationAssignedFrame
  | ConversationClosedFrame
  | ServerAuthRequestFrame
  | TypingEventFrame
  | ReadEventFrame
  | SessionExpiringFrame
  | SessionExpiredFrame
  | ErrorFrame;
export type AgentServerFrame =
  | AuthOkFrame
  | MessageAckFrame
  | MessageCreatedFrame
  | ResumeDoneFrame
  | ConversationQueuedFrame
  | ConversationAssignedFrame
  | ConversationClosedFrame
  | ServerAuthRequestFrame
  | TypingEventFrame
  | ReadEventFrame
  | SessionExpiringFrame
  | SessionExpiredFrame
  | ConsumerAuthStateFrame
  | ConsumerProfileFrame
  | ErrorFrame;
export type ServerFrame = ConsumerServerFrame | AgentServerFrame;

// ---------------------------------------------------------------- REST shapes (§3 reads)

export interface AgentLoginRequest {
  email: string;
  password: string;
}
export interface AgentLoginResponse {
  agentId: string;
  sessionToken: string;
  expiresAt: string;
  /** `agents[].name`, for the workspace header. */
  name: string;
  /** What the server enforces for this agent; the workspace only lays its lists out by it. */
  role: 'agent' | 'supervisor' | 'admin';
}
export interface ConversationWithMessages extends Conversation {
  messages: Message[];
}
/** `GET /v1/accounts/{account}/consumer/conversations`. */
export interface ConsumerHistoryResponse {
  conversations: ConversationWithMessages[];
}
/** `GET /v1/accounts/{account}/agent/conversations`. */
export interface AgentConversationListResponse {
  conversations: Conversation[];
}
/** `GET /v1/accounts/{account}/agent/consumers/{consumerId}/conversations`: newest first. */
export interface AgentConsumerConversationsResponse {
  conversations: Conversation[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
/** `GET /v1/accounts/{account}/agent/conversations/{id}/messages`. */
export interface TranscriptResponse {
  conversation: Conversation;
  messages: Message[];
}
